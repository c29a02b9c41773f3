package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A password inside {@code JDBC_URL} never comes back in {@code doctor}'s or {@code reconcile}'s output, whatever the
 * driver quotes; a plain-http {@code STRIPE_API_BASE} off loopback is a configuration error (exit 2).
 */
class CredentialsInMessagesTest {
  private static final String PASSWORD = "pw-in-url-CANARY";

  private static Cli.Result cli(Map<String, String> env, String... args) {
    return Cli.real(env, args);
  }

  private static Map<String, String> env(String jdbcUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("JDBC_URL", jdbcUrl);
    env.put("STRIPE_SECRET_KEY", "sk_test_fake_canary");
    env.put("STRIPE_API_BASE", "http://127.0.0.1:9");
    return env;
  }

  @Test
  void aPasswordInTheUrlIsNeverPrinted() {
    // the last two are unparsable: the driver's exception quotes the URL around the place it gave up
    for (String url : new String[] {
        "jdbc:mysql://reconciler:" + PASSWORD + "@127.0.0.1:1/billing?connectTimeout=500",
        "jdbc:mysql://127.0.0.1:1/billing?user=reconciler&password=" + PASSWORD + "&connectTimeout=500",
        "jdbc:mysql://address=(host=127.0.0.1)(port=1)(password=" + PASSWORD + "/billing",
        "jdbc:mysql://(host=127.0.0.1,port=1,password=" + PASSWORD + "/billing"}) {
      for (String command : new String[] {"doctor", "reconcile"}) {
        Map<String, String> env = env(url);
        Cli.Result result = cli(env, command);
        env.put("LOG_LEVEL", "DEBUG");
        Cli.Result debug = cli(env, command);

        assertThat(result.exit()).as(result.all()).isNotZero();
        assertThat(result.all() + debug.all()).as(command + " with " + url.replace(PASSWORD, "…"))
            .doesNotContain(PASSWORD);
      }
    }
  }

  @Test
  void plainHttpToStripeIsRefusedExceptOnLoopback() {
    Map<String, String> env = env("jdbc:mysql://127.0.0.1:1/billing");
    env.put("STRIPE_API_BASE", "http://stripe-proxy.internal:8080");

    Cli.Result refused = cli(env, "reconcile");

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.all()).contains("STRIPE_API_BASE must use https://")
        .contains("only for a loopback host");
  }
}
