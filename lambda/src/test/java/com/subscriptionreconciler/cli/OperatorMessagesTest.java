package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.RefusingMySqlServer;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads when something is wrong, from the real CLI (production wiring, a real database, the
 * emulator over HTTP): every line true, the real cause once, the fix doctor gives for the same cause, no stack trace
 * below DEBUG, and counts that agree with the report.
 */
@RealDatabase
class OperatorMessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  final TestDatabase db;
  StripeEmulator emulator;
  final Map<String, String> env = new HashMap<>();

  OperatorMessagesTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void seed() {
    db.truncateAll();
    emulator = StripeEmulator.start();
    env.put("JDBC_URL", db.jdbcUrl());
    env.put("DB_USER", db.user());
    env.put("DB_PASSWORD", db.password().reveal());
    env.put("STRIPE_SECRET_KEY", emulator.apiKey());
    env.put("STRIPE_API_BASE", emulator.baseUrl());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  record Result(int exit, String out, String err, String logs) {
    String all() {
      return out + err + logs;
    }
  }

  Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (CapturedOutput logs = CapturedOutput.start()) {
      int exit = Main.execute(args, Environment.of(env), new PrintWriter(out, true), new PrintWriter(err, true),
          CliSeams.defaults());
      return new Result(exit, out.toString(), err.toString(), logs.raw());
    }
  }

  @Test
  void aDeadStripeApiBaseIsNamedWithTheFixAndNoStackTrace() throws IOException {
    int port = closedPort();
    env.put("STRIPE_API_BASE", "http://127.0.0.1:" + port);

    Result result = cli("reconcile");

    assertThat(result.exit()).as(result.all()).isEqualTo(1);
    assertThat(result.out()).contains("  error: cannot reach Stripe at http://127.0.0.1:" + port
        + ": connection refused; check STRIPE_API_BASE and the network path to Stripe");
    assertThat(result.all()).doesNotContain("api.stripe.com");
    assertThat(result.logs()).as("a stack trace only at DEBUG").doesNotContain("\tat ").doesNotContain("\\tat ");
  }

  @Test
  void aWrongPasswordSaysSoOnceWithDoctorsFix() throws Exception {
    try (RefusingMySqlServer server = RefusingMySqlServer.start()) {
      env.put("JDBC_URL", "jdbc:mysql://127.0.0.1:" + server.port() + "/billing");
      env.put("DB_USER", "reconciler");
      env.put("DB_PASSWORD", "not-the-password");
      JsonNode doctor = doctorCheck("database");

      for (String command : List.of("reconcile", "migrate", "runs")) {
        Result result = cli(command);

        assertThat(result.exit()).as(command + ": " + result.all()).isEqualTo(1);
        assertThat(occurrences(result.err(), "Access denied")).as(result.err()).isEqualTo(1);
        assertThat(result.err()).as(command).contains("127.0.0.1:" + server.port())
            .contains("fix: " + doctor.path("fix").asText()).doesNotContain("caused by")
            .doesNotContain("Failed to initialize pool").doesNotContain("not-the-password");
      }
      assertThat(doctor.path("detail").asText()).contains("Access denied for user 'reconciler'");
      assertThat(doctor.path("fix").asText()).contains("DB_PASSWORD");
    }
  }

  @Test
  void aRefusedConnectionNamesHostAndPortOnceWithDoctorsFix() throws Exception {
    int port = closedPort();
    env.put("JDBC_URL", "jdbc:mysql://127.0.0.1:" + port + "/billing");
    JsonNode doctor = doctorCheck("database");

    Result result = cli("reconcile");

    assertThat(result.exit()).as(result.all()).isEqualTo(1);
    assertThat(result.err()).contains("127.0.0.1:" + port).contains("fix: " + doctor.path("fix").asText())
        .doesNotContain("caused by").doesNotContain("Communications link failure");
    assertThat(occurrences(result.err().toLowerCase(), "connection refused")).isEqualTo(1);
    assertThat(doctor.path("detail").asText()).contains("127.0.0.1:" + port).contains("connection refused");
  }

  @Test
  void aForcedRunThatWroteNothingDoesNotLogChangesItDidNotMake() throws Exception {
    // plan_tier is an ENUM without 'team': the two writes are refused, each a per-item error
    db.execute("ALTER TABLE subscriptions MODIFY plan_tier ENUM('free','pro') NULL");
    organizationsSubscribedTo("team_monthly", Map.of(), 2);
    env.put("PLAN_TIER_MAP", "{\"team_monthly\":\"team\"}");
    guardRefusesEveryChange();

    Result result = cli("reconcile", "--force", "--format", "json");

    JsonNode report = JSON.readTree(result.out());
    assertThat(result.exit()).as(result.all()).isEqualTo(4);
    assertThat(report.path("errors").asLong()).isEqualTo(2);
    assertThat(report.path("created").asLong()).isZero();
    assertThat(result.logs()).doesNotContain("Applied 2");
    assertThat(logMessage(result.logs(), "Wrote: "))
        .isEqualTo("Wrote: changed 0, created 0, archived 0; per-item errors 2");
  }

  @Test
  void anAbortedDryRunDoesNotClaimItCheckedNoOrganizations() {
    organizationsSubscribedTo("pro_monthly", Map.of("plan_tier", "pro"), 3);
    guardRefusesEveryChange();

    Result result = cli("reconcile", "--dry-run");

    assertThat(result.exit()).as(result.all()).isEqualTo(5);
    assertThat(result.out()).contains("ABORTED").doesNotContain("checked 0 organizations")
        .contains("checked 3 subscriptions (organizations not derived: the run was aborted)");
  }

  /** {@code count} organizations, each with a Stripe customer and an active subscription the database lacks. */
  private void organizationsSubscribedTo(String lookupKey, Map<String, String> productMetadata, int count) {
    String product = emulator.account().createProduct("prod_" + lookupKey, lookupKey, productMetadata);
    String price = emulator.account().createPrice(PriceSpec.monthly(product, lookupKey, 4900).withId("price_" + lookupKey));
    for (int org = 1; org <= count; org++) {
      String customer = emulator.account().createCustomer(CustomerSpec.of("o" + org + "@example.com"));
      db.execute("INSERT INTO organizations (id, name, stripe_customer_id) VALUES (?, ?, ?)", org, "Org " + org,
          customer);
      emulator.account().createSubscription(
          SubscriptionSpec.forCustomer(customer).price(price).status(SubscriptionStatus.ACTIVE));
    }
  }

  private void guardRefusesEveryChange() {
    env.put("MAX_CHANGE_RATIO", "0");
    env.put("MAX_CHANGES_ABSOLUTE", "0");
  }

  private JsonNode doctorCheck(String name) throws IOException {
    Result doctor = cli("doctor", "--format", "json");
    JsonNode checks = JSON.readTree(doctor.out()).path("checks");
    return StreamSupport.stream(checks.spliterator(), false).filter(c -> c.path("name").asText().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no check " + name + " in " + doctor.out()));
  }

  private static String logMessage(String logs, String prefix) throws IOException {
    for (String line : logs.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String message = JSON.readTree(line).path("message").asText();
      if (message.startsWith(prefix)) {
        return message;
      }
    }
    throw new AssertionError("no log line starting with '" + prefix + "' in:\n" + logs);
  }

  private static int occurrences(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
