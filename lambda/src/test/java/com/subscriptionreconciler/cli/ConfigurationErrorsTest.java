package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/reference.md, CLI commands: a missing or invalid variable is exit 2 with a message naming it, before anything
 * connects.
 */
class ConfigurationErrorsTest {
  private final Cli cli = new Cli();

  @ParameterizedTest(name = "{0} without a database")
  @CsvSource({"migrate", "runs", "show run_1", "reconcile", "rollback run_1"})
  void noDatabaseConfiguredNamesTheVariables(String commandLine) {
    Cli.Result result = cli.run(Map.of("STRIPE_SECRET_KEY", "sk_test_x"), commandLine.split(" "));

    assertThat(result.exit()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("configuration error: no database configured: set JDBC_URL, DB_HOST or"
        + " DB_SECRET_ID" + System.lineSeparator());
    assertThat(cli.configs).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource(delimiter = '|', value = {
    "DB_HOST | db.internal | DB_NAME is not set",
    "JDBC_URL | postgres://db/x | JDBC_URL must start with jdbc:",
    "LOG_LEVEL | LOUD | LOG_LEVEL is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, OFF",
    "JDBC_URL | jdbc:mariadb://db.internal:3306/billing | JDBC_URL must start with jdbc:mysql://",
    "DB_SSL_MODE | sometimes | DB_SSL_MODE must be one of",
  })
  void anInvalidDatabaseVariableIsNamedForMigrate(String variable, String value, String message) {
    Map<String, String> env = variable.equals("JDBC_URL") || variable.equals("DB_HOST")
        ? Map.of(variable, value, "DB_USER", "u")
        : Map.of("DB_HOST", "db.internal", "DB_NAME", "billing", "DB_USER", "u", variable, value);

    Cli.Result result = cli.run(env, "migrate");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).startsWith("configuration error: ").contains(message);
    assertThat(result.err()).as("a configuration error never echoes a value").doesNotContain(value);
  }

  @ParameterizedTest(name = "reconcile with {0}={1}")
  @CsvSource(delimiter = '|', value = {
    "STRIPE_MAX_RPS | fast | STRIPE_MAX_RPS must be a number greater than 0",
    "STRIPE_API_BASE | ftp://x | STRIPE_API_BASE must be an http(s) URL",
    "MAX_CHANGE_RATIO | lots | MAX_CHANGE_RATIO",
  })
  void anInvalidReconcileVariableIsNamed(String variable, String value, String message) {
    Map<String, String> env = Map.of("JDBC_URL", "jdbc:mysql://db.invalid/x", "STRIPE_SECRET_KEY", "sk_test_x",
        variable, value);

    Cli.Result result = cli.run(env, "reconcile");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).startsWith("configuration error: ").contains(message);
    assertThat(cli.requests).isEmpty();
  }
}
