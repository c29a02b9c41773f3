package com.subscriptionreconciler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerConfigTest {
  private static final String KEY = "sk_test_51FakeKeyForConfigTests";
  private static final String PASSWORD = "s3cr3t-db-pass";

  private final Map<String, String> secretsById = new HashMap<>();
  private final List<String> lookups = new ArrayList<>();
  private final SecretSource secrets = id -> {
    lookups.add(id);
    String value = secretsById.get(id);
    if (value == null) {
      throw new ConfigurationException("secret '" + id + "' was not found");
    }
    return value;
  };

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("STRIPE_SECRET_KEY", KEY);
    env.put("DB_HOST", "db.internal");
    env.put("DB_NAME", "billing");
    env.put("DB_USER", "reconciler");
    env.put("DB_PASSWORD", PASSWORD);
    return env;
  }

  private ReconcilerConfig load(Map<String, String> env) {
    return ReconcilerConfig.load(Environment.of(env), secrets);
  }

  @Test
  void appliesSpecDefaults() {
    ReconcilerConfig config = load(minimal());

    assertThat(config.stripe().apiBase()).isEqualTo("https://api.stripe.com");
    assertThat(config.stripe().maxRequestsPerSecond()).isEqualTo(20.0);
    assertThat(config.stripe().apiKey().reveal()).isEqualTo(KEY);
    assertThat(config.rules()).isEqualTo(ReconcileRules.defaults());
    assertThat(config.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:mysql://db.internal:3306/billing");
    assertThat(config.database().user()).isEqualTo("reconciler");
    assertThat(config.database().password().reveal()).isEqualTo(PASSWORD);
    assertThat(config.databaseTls()).isEmpty();
    assertThat(lookups).as("no *_SECRET_ID set, so no secret lookups").isEmpty();
  }

  @Test
  void aPlanTierMapValueOfNullMarksAPriceOrProductThatIsNotAPlan() {
    Map<String, String> env = minimal();
    env.put("PLAN_TIER_MAP", "{\"price_123\":\"pro\",\"price_seats\":null,\"prod_addon\":null}");

    ReconcilerConfig config = load(env);

    assertThat(config.rules().planTierMap()).containsExactly(Map.entry("price_123", "pro"));
    assertThat(config.rules().notPlans()).containsExactlyInAnyOrder("price_seats", "prod_addon");
  }

  @Test
  void readsEveryVariable() {
    Map<String, String> env = minimal();
    env.put("STRIPE_API_BASE", "http://127.0.0.1:12111/");
    env.put("STRIPE_MAX_RPS", "5.5");
    env.put("PLAN_TIER_MAP", "{\"price_123\":\"pro\",\"team_monthly\":\"team\"}");
    env.put("DEFAULT_PLAN_TIER", "starter");
    env.put("MAX_CHANGE_RATIO", "0.25");
    env.put("MAX_CHANGES_ABSOLUTE", "7");
    env.put("LOG_LEVEL", "debug");
    env.put("DB_PORT", "3307");
    env.put("DB_SSL_MODE", "verify_identity");

    ReconcilerConfig config = load(env);

    assertThat(config.stripe().apiBase()).isEqualTo("http://127.0.0.1:12111");
    assertThat(config.stripe().maxRequestsPerSecond()).isEqualTo(5.5);
    assertThat(config.rules().planTierMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("price_123", "pro", "team_monthly", "team"));
    assertThat(config.rules().defaultPlanTier()).isEqualTo("starter");
    assertThat(config.rules().maxChangeRatio()).isEqualTo(0.25);
    assertThat(config.rules().maxChangesAbsolute()).isEqualTo(7);
    assertThat(config.logLevel()).isEqualTo(LogLevel.DEBUG);
    assertThat(config.databaseTls()).contains(DbTlsMode.VERIFY_IDENTITY);
    assertThat(config.database().jdbcUrl())
        .isEqualTo("jdbc:mysql://db.internal:3307/billing?sslMode=VERIFY_IDENTITY");
  }

  @Test
  void jdbcUrlOverridesHostPortAndName() {
    Map<String, String> env = minimal();
    env.put("JDBC_URL", "jdbc:mysql://localhost:4406/test");
    env.put("DB_PORT", "not-used");

    assertThat(load(env).database().jdbcUrl()).isEqualTo("jdbc:mysql://localhost:4406/test");
  }

  @Test
  void jdbcUrlAloneIsEnoughBecauseCredentialsMayBeInTheUrl() {
    ReconcilerConfig config = load(Map.of("STRIPE_SECRET_KEY", KEY, "JDBC_URL", "jdbc:mysql://h/db?user=root"));

    assertThat(config.database().user()).isNull();
    assertThat(config.database().password()).isNull();
  }

  @Test
  void rdsSecretFillsOnlyWhatDbVariablesLeaveUnset() {
    secretsById.put("prod/db", "{\"host\":\"rds.example\",\"port\":3310,\"username\":\"admin\","
        + "\"password\":\"" + PASSWORD + "\",\"dbname\":\"app\",\"engine\":\"mysql\"}");
    Map<String, String> env = new HashMap<>(Map.of(
        "STRIPE_SECRET_KEY", KEY, "DB_SECRET_ID", "prod/db", "DB_NAME", "billing", "DB_USER", "reconciler"));

    ReconcilerConfig config = load(env);

    assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:mysql://rds.example:3310/billing");
    assertThat(config.database().user()).isEqualTo("reconciler");
    assertThat(config.database().password().reveal()).isEqualTo(PASSWORD);
    assertThat(lookups).containsExactly("prod/db");
  }

  @Test
  void rdsSecretPortMayBeAString() {
    secretsById.put("db", "{\"host\":\"h\",\"port\":\"3311\",\"username\":\"u\",\"password\":\"p\",\"dbname\":\"d\"}");

    ReconcilerConfig config = load(Map.of("STRIPE_SECRET_KEY", KEY, "DB_SECRET_ID", "db"));

    assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:mysql://h:3311/d");
  }

  @Test
  void rdsSecretIsNotFetchedWhenTheVariablesSayEverything() {
    Map<String, String> env = minimal();
    env.put("DB_SECRET_ID", "prod/db");
    // DB_PORT too: left unset, the secret's port would fill it (the 3306 default applies only without a secret)
    env.put("DB_PORT", "3306");

    load(env);

    assertThat(lookups).isEmpty();
  }

  @Test
  void badRdsSecretNamesTheSecretButNotItsContent() {
    secretsById.put("prod/db", "{\"host\":\"h\",\"password\":\"" + PASSWORD + "\" oops");

    assertThatThrownBy(() -> load(Map.of("STRIPE_SECRET_KEY", KEY, "DB_SECRET_ID", "prod/db")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("prod/db")
        .hasMessageContaining("not valid JSON")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
  }

  @Test
  void rdsSecretMissingAFieldSaysWhich() {
    secretsById.put("prod/db", "{\"host\":\"h\",\"username\":\"u\",\"password\":\"p\"}");

    assertThatThrownBy(() -> load(Map.of("STRIPE_SECRET_KEY", KEY, "DB_SECRET_ID", "prod/db")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("DB_NAME is not set and secret 'prod/db' (DB_SECRET_ID) has no \"dbname\"");
  }

  @Test
  void rdsSecretWithoutAHostSaysWhereTheHostWasLookedFor() {
    secretsById.put("prod/db", "{\"dbname\":\"billing\",\"username\":\"u\",\"password\":\"p\"}");

    assertThatThrownBy(() -> load(Map.of("STRIPE_SECRET_KEY", KEY, "DB_SECRET_ID", "prod/db")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no database host: JDBC_URL and DB_HOST are not set and secret 'prod/db' (DB_SECRET_ID) has no"
            + " \"host\"");
  }

  @Test
  void noDatabaseConfigured() {
    assertThatThrownBy(() -> load(Map.of("STRIPE_SECRET_KEY", KEY)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no database configured: set JDBC_URL, DB_HOST or DB_SECRET_ID");
  }

  @Test
  void aHostWithoutANameSaysThereIsNoSecretToTakeItFrom() {
    assertThatThrownBy(() -> load(Map.of("STRIPE_SECRET_KEY", KEY, "DB_HOST", "db.internal", "DB_USER", "u")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("DB_NAME is not set (and no DB_SECRET_ID to take it from)");
  }

  @Test
  void stripeApiBaseIsHttpsOrLoopback() {
    for (String loopback : List.of("http://localhost:12111", "http://127.0.0.5:1", "http://[::1]:12111",
        "https://stripe-proxy.internal")) {
      Map<String, String> env = minimal();
      env.put("STRIPE_API_BASE", loopback);
      assertThat(load(env).stripe().apiBase()).isEqualTo(loopback);
    }
    for (String plain : List.of("http://stripe-proxy.internal", "http://10.0.0.7:8080", "http://127.example.com")) {
      Map<String, String> env = minimal();
      env.put("STRIPE_API_BASE", plain);
      assertThatThrownBy(() -> load(env)).as(plain)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith("STRIPE_API_BASE must use https://")
          .hasMessageNotContaining(plain);
    }
  }

  @Test
  void missingStripeKey() {
    Map<String, String> env = minimal();
    env.remove("STRIPE_SECRET_KEY");

    assertThatThrownBy(() -> load(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("set STRIPE_SECRET_KEY or STRIPE_SECRET_ID");
  }

  @Test
  void keyAndSecretIdTogetherAreAmbiguous() {
    Map<String, String> env = minimal();
    env.put("STRIPE_SECRET_ID", "stripe");

    assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("set only one");
  }

  @Test
  void publishableKeyIsRejectedWithoutEchoingIt() {
    Map<String, String> env = minimal();
    env.put("STRIPE_SECRET_KEY", "pk_live_abcdef123");

    assertThatThrownBy(() -> load(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("STRIPE_SECRET_KEY does not look like a Stripe secret key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pk_live_abcdef123"));
  }

  @Test
  void stripeSecretAsPlainStringOrJson() {
    Map<String, String> env = minimal();
    env.remove("STRIPE_SECRET_KEY");
    env.put("STRIPE_SECRET_ID", "stripe/plain");
    secretsById.put("stripe/plain", "  rk_test_restricted123\n");
    assertThat(load(env).stripe().apiKey().reveal()).isEqualTo("rk_test_restricted123");

    env.put("STRIPE_SECRET_ID", "stripe/json");
    secretsById.put("stripe/json", "{\"STRIPE_SECRET_KEY\":\"" + KEY + "\",\"other\":1}");
    assertThat(load(env).stripe().apiKey().reveal()).isEqualTo(KEY);
  }

  @Test
  void stripeSecretWithWrongShapeNamesTheSecretOnly() {
    Map<String, String> env = minimal();
    env.remove("STRIPE_SECRET_KEY");
    env.put("STRIPE_SECRET_ID", "stripe/json");

    secretsById.put("stripe/json", "{\"apiKey\":\"" + KEY + "\"}");
    assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigurationException.class)
        .hasMessage("secret 'stripe/json' (STRIPE_SECRET_ID) is JSON but has no string field \"STRIPE_SECRET_KEY\"");

    secretsById.put("stripe/json", "{\"STRIPE_SECRET_KEY\":\"" + KEY);
    assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigurationException.class)
        .hasMessage("secret 'stripe/json' (STRIPE_SECRET_ID) is neither a Stripe key nor valid JSON")
        .hasNoCause();

    secretsById.put("stripe/json", "hunter2");
    assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("does not look like a Stripe secret key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void numericAndJsonVariablesAreValidatedWithoutEchoingValues() {
    assertRejected("MAX_CHANGE_RATIO", "1.5", "MAX_CHANGE_RATIO must be a number between 0 and 1");
    assertRejected("MAX_CHANGE_RATIO", "ten", "MAX_CHANGE_RATIO must be a number between 0 and 1");
    assertRejected("MAX_CHANGES_ABSOLUTE", "-1", "MAX_CHANGES_ABSOLUTE must be a whole number >= 0");
    assertRejected("MAX_CHANGES_ABSOLUTE", "2.5", "MAX_CHANGES_ABSOLUTE must be a whole number >= 0");
    assertRejected("STRIPE_MAX_RPS", "0", "STRIPE_MAX_RPS must be a number greater than 0");
    assertRejected("STRIPE_MAX_RPS", "NaN", "STRIPE_MAX_RPS must be a number greater than 0");
    assertRejected("STRIPE_API_BASE", "api.stripe.com", "STRIPE_API_BASE must be an http(s) URL");
    assertRejected("DB_PORT", "70000", "DB_PORT must be a TCP port number");
    assertRejected("PLAN_TIER_MAP", "[\"pro\"]", "PLAN_TIER_MAP must be a JSON object of strings");
    assertRejected("PLAN_TIER_MAP", "{\"price_1\":3}", "the value for \"price_1\" is not a tier name");
    assertRejected("PLAN_TIER_MAP", "{oops", "it is not valid JSON");
    assertRejected("DB_SSL_MODE", "maybe", "DB_SSL_MODE must be one of");
  }

  @Test
  void logLevelTypoIsNamedButNotEchoedLikeEveryConfigurationError() {
    assertRejected("LOG_LEVEL", "verbose", "LOG_LEVEL is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, OFF");
  }

  @Test
  void blankVariablesCountAsUnset() {
    Map<String, String> env = minimal();
    env.put("MAX_CHANGE_RATIO", "  ");
    env.put("STRIPE_SECRET_ID", "");

    assertThat(load(env).rules().maxChangeRatio()).isEqualTo(0.10);
  }

  @Test
  void toStringOfTheWholeConfigHidesSecrets() {
    String text = load(minimal()).toString();

    assertThat(text).doesNotContain(KEY).doesNotContain(PASSWORD).contains("****");
  }

  @Test
  void sslModeWithJdbcUrlIsRefused() {
    Map<String, String> env = minimal();
    env.put("JDBC_URL", "jdbc:mysql://h/db");
    env.put("DB_SSL_MODE", "REQUIRED");

    assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("DB_SSL_MODE and DB_SSL_CA cannot be combined with JDBC_URL");
  }

  @Test
  void aCaBundleMeansTheServerIdentityIsVerifiedUnlessTheModeSaysOnlyTheCa(@TempDir Path dir) throws IOException {
    Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    Map<String, String> env = minimal();
    env.remove("JDBC_URL");
    env.put("DB_HOST", "billing.abc.eu-west-1.rds.amazonaws.com");
    env.put("DB_NAME", "billing");
    env.put("DB_USER", "app");
    env.put("DB_SSL_CA", pem.toString());

    ReconcilerConfig config = load(env);
    assertThat(config.database().jdbcUrl()).endsWith("?sslMode=VERIFY_IDENTITY");
    assertThat(config.database().caBundle()).contains(pem);

    env.put("DB_SSL_MODE", "VERIFY_CA");
    assertThat(load(env).database().jdbcUrl()).endsWith("?sslMode=VERIFY_CA");

    env.put("DB_SSL_MODE", "REQUIRED");
    assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("DB_SSL_CA is set, so DB_SSL_MODE must be VERIFY_CA or VERIFY_IDENTITY");
  }

  private void assertRejected(String variable, String value, String expectedMessagePart) {
    Map<String, String> env = minimal();
    env.put(variable, value);
    assertThatThrownBy(() -> load(env))
        .as("%s=%s", variable, value)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(expectedMessagePart)
        .satisfies(e -> {
          assertThat(e.getMessage()).doesNotContain("=" + value)
              .doesNotContainIgnoringCase("'" + value + "'");
        });
    assertThat(Optional.ofNullable(env.get(variable))).isPresent();
  }
}
