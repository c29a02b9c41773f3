package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.testing.FakeSecretsManager;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md, Configuration: a Stripe key never appears in output. Drives every CLI error path with a canary
 * key and password and scans everything written to stdout and stderr, including the DEBUG stack traces.
 */
class SecretLeakTest {
  private static final String STRIPE_KEY = "sk_test_SECRETVALUE123";
  private static final String DB_PASSWORD = "db-pw-SECRETVALUE456";

  private final Cli cli = new Cli();
  private final StringBuilder produced = new StringBuilder();

  private Map<String, String> env(boolean debug) {
    Map<String, String> env = new HashMap<>();
    env.put("JDBC_URL", "jdbc:mysql://db.invalid:3306/billing");
    env.put("DB_USER", "reconciler");
    env.put("DB_PASSWORD", DB_PASSWORD);
    env.put("STRIPE_SECRET_KEY", STRIPE_KEY);
    if (debug) {
      env.put("LOG_LEVEL", "DEBUG");
    }
    return env;
  }

  private Cli.Result collect(Map<String, String> env, String... args) {
    Cli.Result result = cli.run(env, args);
    produced.append(result.all());
    return result;
  }

  @Test
  void noErrorPathPrintsTheStripeKeyOrTheDatabasePassword() {
    for (boolean debug : new boolean[] {false, true}) {
      // a third-party message that quotes the key (the kind a careless HTTP client or driver produces)
      cli.outcome = request -> {
        throw new IllegalStateException("401 from Stripe for key " + STRIPE_KEY,
            new RuntimeException("Authorization: Bearer " + STRIPE_KEY + " password=" + DB_PASSWORD));
      };
      assertThat(collect(env(debug), "reconcile").exit()).isEqualTo(1);

      cli.rollbackOutcome = runId -> {
        throw new IllegalArgumentException("no run " + runId + " for " + STRIPE_KEY);
      };
      assertThat(collect(env(debug), "rollback", "run_1").exit()).isEqualTo(2);

      // the key in the wrong place, and an ambiguous configuration
      Map<String, String> publishable = env(debug);
      publishable.put("STRIPE_SECRET_KEY", "pk_" + STRIPE_KEY);
      assertThat(collect(publishable, "reconcile").exit()).isEqualTo(2);
      Map<String, String> both = env(debug);
      both.put("STRIPE_SECRET_ID", "prod/stripe");
      assertThat(collect(both, "reconcile", "--dry-run").exit()).isEqualTo(2);

      // a database that cannot be reached, with the password in the environment
      Map<String, String> unreachable = env(debug);
      unreachable.put("JDBC_URL", "jdbc:mysql://127.0.0.1:1/billing?connectTimeout=300");
      assertThat(collect(unreachable, "runs").exit()).isEqualTo(1);

      // usage error with a key-looking value on the command line is fine to echo, but not the env's key
      assertThat(collect(env(debug), "reconcile", "--customer", "nope").exit()).isEqualTo(2);
    }

    try (FakeSecretsManager secrets = FakeSecretsManager.start()
        .put("prod/stripe-bad", "{\"STRIPE_SECRET_KEY\":\"" + STRIPE_KEY + "\"")) {
      Map<String, String> env = new HashMap<>(secrets.clientEnvironment());
      env.put("STRIPE_SECRET_ID", "prod/stripe-bad");
      env.put("JDBC_URL", "jdbc:mysql://db.invalid/billing");
      env.put("LOG_LEVEL", "DEBUG");
      assertThat(collect(env, "reconcile").exit()).isEqualTo(2);
    }

    assertThat(produced.toString())
        .as("everything produced must have been captured for the scan to mean anything")
        .contains("401 from Stripe for key ****", "\tat ", "does not look like a Stripe secret key",
            "both STRIPE_SECRET_KEY and STRIPE_SECRET_ID are set", "neither a Stripe key nor valid JSON",
            "is not a Stripe customer id")
        .doesNotContain(STRIPE_KEY)
        .doesNotContain("SECRETVALUE123")
        .doesNotContain(DB_PASSWORD);
  }
}
