package com.subscriptionreconciler.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class SecretsManagerSecretSourceTest {
  private static final String KEY = "sk_test_51ThisMustNeverBeLogged";

  private final FakeSecretsManager fake = FakeSecretsManager.start();
  private final AtomicInteger clientsBuilt = new AtomicInteger();
  private SecretsManagerClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    fake.close();
  }

  private SecretsManagerSecretSource source() {
    Environment env = Environment.of(fake.clientEnvironment());
    return new SecretsManagerSecretSource(() -> {
      clientsBuilt.incrementAndGet();
      client = SecretsManagerClientFactory.create(env);
      return client;
    });
  }

  @Test
  void readsTheSecretStringThroughTheRealSdkClient() {
    fake.put("prod/stripe", KEY);

    assertThat(source().secretString("prod/stripe")).isEqualTo(KEY);
    assertThat(fake.requestedIds()).containsExactly("prod/stripe");
  }

  @Test
  void missingSecretIsAConfigurationErrorNamingTheId() {
    assertThatThrownBy(() -> source().secretString("prod/nope"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Secrets Manager secret 'prod/nope' was not found");
  }

  @Test
  void clientIsCreatedLazilyAndOnce() {
    fake.put("a", "1").put("b", "2");
    SecretsManagerSecretSource source = source();
    assertThat(clientsBuilt).hasValue(0);

    source.secretString("a");
    source.secretString("b");

    assertThat(clientsBuilt).hasValue(1);
  }

  @Test
  void cacheFetchesEachSecretOnceAndDoesNotCacheFailures() {
    fake.put("prod/stripe", KEY);
    CachingSecretSource cached = new CachingSecretSource(source());

    cached.secretString("prod/stripe");
    cached.secretString("prod/stripe");
    assertThatThrownBy(() -> cached.secretString("late")).isInstanceOf(ConfigurationException.class);
    fake.put("late", "now-here");

    assertThat(cached.secretString("late")).isEqualTo("now-here");
    assertThat(fake.requestedIds()).containsExactly("prod/stripe", "late", "late");
  }

  @Test
  void unreachableSecretsManagerIsNotAConfigurationError() {
    Map<String, String> env = new HashMap<>(fake.clientEnvironment());
    fake.close();
    SecretsManagerSecretSource source =
        new SecretsManagerSecretSource(() -> client = SecretsManagerClientFactory.create(Environment.of(env)));

    assertThatThrownBy(() -> source.secretString("x"))
        .isInstanceOf(SecretsUnavailableException.class)
        .hasMessage("could not reach Secrets Manager to read secret 'x'");
  }

  @Test
  void missingRegionIsReportedWhenASecretIsNeeded() {
    SecretsManagerSecretSource source =
        new SecretsManagerSecretSource(() -> SecretsManagerClientFactory.create(Environment.of(Map.of())));

    assertThatThrownBy(() -> source.secretString("x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("AWS_REGION is not set");
  }

  @Test
  void endpointOverridePrefersTheServiceSpecificVariable() {
    assertThat(SecretsManagerClientFactory.endpoint(Environment.of(Map.of(
        "AWS_ENDPOINT_URL", "http://generic:4566", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://sm:4566"))))
        .hasValueSatisfying(uri -> assertThat(uri.getHost()).isEqualTo("sm"));
    assertThat(SecretsManagerClientFactory.endpoint(Environment.of(Map.of("AWS_ENDPOINT_URL", "http://generic:4566"))))
        .hasValueSatisfying(uri -> assertThat(uri.getHost()).isEqualTo("generic"));
  }

  @Test
  void configurationResolvesStripeAndDatabaseSecretsEndToEnd() {
    fake.put("stripe", "{\"STRIPE_SECRET_KEY\":\"" + KEY + "\"}")
        .put("db", "{\"host\":\"rds\",\"port\":3306,\"username\":\"admin\",\"password\":\"pw\",\"dbname\":\"app\"}");
    Map<String, String> env = new HashMap<>(fake.clientEnvironment());
    env.put("STRIPE_SECRET_ID", "stripe");
    env.put("DB_SECRET_ID", "db");

    ReconcilerConfig config = ReconcilerConfig.load(Environment.of(env), new CachingSecretSource(source()));

    assertThat(config.stripe().apiKey().reveal()).isEqualTo(KEY);
    assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:mysql://rds:3306/app");
    assertThat(fake.requestedIds()).containsExactlyInAnyOrder("stripe", "db");
  }
}
