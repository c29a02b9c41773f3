package com.subscriptionreconciler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartupOptionsTest {
  @Test
  void migrationsAtStartUpAreOffUnlessAskedFor() {
    assertThat(StartupOptions.load(Environment.of(Map.of())).migrateOnStart()).isFalse();
    assertThat(StartupOptions.load(Environment.of(Map.of("MIGRATE_ON_START", " "))).migrateOnStart()).isFalse();
    assertThat(StartupOptions.load(Environment.of(Map.of("MIGRATE_ON_START", "false"))).migrateOnStart()).isFalse();
    assertThat(StartupOptions.load(Environment.of(Map.of("MIGRATE_ON_START", "TRUE"))).migrateOnStart()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "on", "treu"})
  void anythingButTrueOrFalseIsRefused(String value) {
    assertThatThrownBy(() -> StartupOptions.load(Environment.of(Map.of("MIGRATE_ON_START", value))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("MIGRATE_ON_START must be true or false");
  }
}
