package com.subscriptionreconciler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** STRIPE_MAX_RPS, STRIPE_ENDPOINT_MAX_RPS, STRIPE_MAX_IN_FLIGHT and the key's mode, as configuration reads them. */
class StripeLimitSettingsTest {
  private static final SecretSource NO_SECRETS = id -> {
    throw new ConfigurationException("no secret " + id);
  };

  private static StripeSettings load(String key, Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("STRIPE_SECRET_KEY", key);
    env.put("DB_HOST", "db.internal");
    env.put("DB_NAME", "billing");
    env.put("DB_USER", "reconciler");
    env.put("DB_PASSWORD", "pw");
    return ReconcilerConfig.load(Environment.of(env), NO_SECRETS).stripe();
  }

  @Test
  void defaultsAre20InTotal25PerEndpointAnd32InFlight() {
    StripeSettings settings = load("sk_live_abc", Map.of());

    assertThat(settings.maxRequestsPerSecond()).isEqualTo(20);
    assertThat(settings.endpointMaxRequestsPerSecond()).as("never above the ceiling").isEqualTo(20);
    assertThat(settings.maxInFlight()).isEqualTo(32);
  }

  @Test
  void aLiveKeyMayUseUpToTheAccountsHundredPerSecondAndEachEndpoint25() {
    StripeSettings settings = load("rk_live_abc", Map.of("STRIPE_MAX_RPS", "150"));

    assertThat(settings.maxRequestsPerSecond()).isEqualTo(100);
    assertThat(settings.endpointMaxRequestsPerSecond()).isEqualTo(25);
  }

  @Test
  void aSandboxKeyIsHeldToTheSandboxLimitOf25InTotal() {
    assertThat(load("sk_test_abc", Map.of("STRIPE_MAX_RPS", "100")).maxRequestsPerSecond()).isEqualTo(25);
    assertThat(load("rk_test_abc", Map.of("STRIPE_MAX_RPS", "10")).maxRequestsPerSecond()).isEqualTo(10);
  }

  @Test
  void aKeyWhosePrefixNamesNoModeGetsTheLowerSandboxCeilingAndNoEventModeCheck() {
    assertThat(load("sk_fake_unknownmode", Map.of("STRIPE_MAX_RPS", "100")).maxRequestsPerSecond()).isEqualTo(25);
    assertThat(load("rk_live_fake", Map.of("STRIPE_MAX_RPS", "100")).maxRequestsPerSecond()).isEqualTo(100);
    assertThat(StripeKeyMode.of(Secret.of("sk_fake_unknownmode"))).isEqualTo(StripeKeyMode.UNKNOWN);
    // an unknown key's mode cannot be told, so it refuses no event; the others only the other mode's
    assertThat(StripeKeyMode.of(Secret.of("sk_fake_unknownmode")).sendsEventsOf(true)).isTrue();
    assertThat(StripeKeyMode.of(Secret.of("sk_fake_unknownmode")).sendsEventsOf(false)).isTrue();
    assertThat(StripeKeyMode.of(Secret.of("rk_live_fake")).sendsEventsOf(true)).isTrue();
    assertThat(StripeKeyMode.of(Secret.of("rk_live_fake")).sendsEventsOf(false)).isFalse();
    assertThat(StripeKeyMode.of(Secret.of("sk_test_fake")).sendsEventsOf(false)).isTrue();
    assertThat(StripeKeyMode.of(Secret.of("sk_test_fake")).sendsEventsOf(true)).isFalse();
  }

  @Test
  void perEndpointAndInFlightSettingsAreRead() {
    StripeSettings settings =
        load("sk_live_abc", Map.of("STRIPE_MAX_RPS", "60", "STRIPE_ENDPOINT_MAX_RPS", "10", "STRIPE_MAX_IN_FLIGHT", "6"));

    assertThat(settings.endpointMaxRequestsPerSecond()).isEqualTo(10);
    assertThat(settings.maxInFlight()).isEqualTo(6);
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> load("sk_live_abc", Map.of("STRIPE_ENDPOINT_MAX_RPS", "0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("STRIPE_ENDPOINT_MAX_RPS must be a number greater than 0");
    assertThatThrownBy(() -> load("sk_live_abc", Map.of("STRIPE_MAX_IN_FLIGHT", "0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("STRIPE_MAX_IN_FLIGHT must be a whole number from 1 to 256");
    assertThatThrownBy(() -> load("sk_live_abc", Map.of("STRIPE_MAX_IN_FLIGHT", "many")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("STRIPE_MAX_IN_FLIGHT");
  }
}
