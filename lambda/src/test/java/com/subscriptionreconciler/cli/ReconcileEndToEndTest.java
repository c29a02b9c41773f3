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
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI with the production engine wiring, against a real database and the emulator: flags to exit codes. */
@RealDatabase
class ReconcileEndToEndTest {
  final TestDatabase db;
  StripeEmulator emulator;
  String sub;

  ReconcileEndToEndTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void seed() {
    db.truncateAll();
    emulator = StripeEmulator.start();
    String product = emulator.account().createProduct("prod_pro", "Pro", Map.of("plan_tier", "pro"));
    String price = emulator.account().createPrice(PriceSpec.monthly(product, "pro_monthly", 4900).withId("price_pro"));
    String cus = emulator.account().createCustomer(CustomerSpec.of("a@example.com"));
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id) VALUES (1, 'Acme', ?)", cus);
    sub = emulator.account().createSubscription(SubscriptionSpec.forCustomer(cus).price(price).status(SubscriptionStatus.ACTIVE));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  record Result(int exit, String out, String err) {}

  Result cli(String... args) {
    return cli(true, args);
  }

  Result cli(boolean withStripeKey, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("JDBC_URL", db.jdbcUrl());
    env.put("DB_USER", db.user());
    env.put("DB_PASSWORD", db.password().reveal());
    if (withStripeKey) {
      env.put("STRIPE_SECRET_KEY", emulator.apiKey());
    }
    env.put("STRIPE_API_BASE", emulator.baseUrl());
    env.put("MAX_CHANGES_ABSOLUTE", "1000");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(args, Environment.of(env), new PrintWriter(out, true), new PrintWriter(err, true),
            CliSeams.defaults());
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void dryRunExitsThreeThenARealRunFixesThenTheCheckExitsZero() throws Exception {
    Result dry = cli("reconcile", "--dry-run", "--format", "json");
    JsonNode report = new ObjectMapper().readTree(dry.out());

    assertThat(dry.exit()).as(dry.err()).isEqualTo(3);
    assertThat(report.get("dryRun").asBoolean()).isTrue();
    assertThat(report.get("created").asLong()).isEqualTo(1);
    assertThat(report.get("trigger").asText()).isEqualTo("cli");
    assertThat(db.count("subscriptions")).isZero();

    Result real = cli("reconcile");
    assertThat(real.exit()).as(real.err()).isZero();
    assertThat(real.out()).contains("created 1");
    assertThat(db.queryValue("SELECT plan_tier FROM subscriptions WHERE stripe_subscription_id = ?", sub)).isEqualTo("pro");

    assertThat(cli("reconcile", "--dry-run").exit()).isZero();
    Result runs = cli("runs", "--limit", "5");
    assertThat(runs.exit()).isZero();
    assertThat(runs.out()).contains(report.get("runId").asText());
  }

  @Test
  void rollbackOfTheRealRunArchivesWhatItInserted() {
    cli("reconcile");
    String runId = (String) db.queryValue("SELECT id FROM reconciliation_runs WHERE dry_run = FALSE ORDER BY started_at DESC LIMIT 1");

    Result rollback = cli("rollback", runId);

    assertThat(rollback.exit()).as(rollback.err() + rollback.out()).isZero();
    assertThat(db.queryValue("SELECT archive_reason FROM subscriptions WHERE stripe_subscription_id = ?", sub)).isEqualTo("rolled_back");
    assertThat(cli("rollback", "r-nope").exit()).isEqualTo(2);
  }

  @Test
  void rollbackNeedsNoStripeKeyItsDryRunIsNotDriftAndASecondRollbackHasNothingLeft() throws Exception {
    cli("reconcile");
    String runId = (String) db.queryValue("SELECT id FROM reconciliation_runs WHERE dry_run = FALSE ORDER BY started_at DESC LIMIT 1");
    emulator.resetCounters();

    Result dry = cli(false, "rollback", runId, "--dry-run", "--format", "json");
    JsonNode planned = new ObjectMapper().readTree(dry.out());
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(planned.get("dryRun").asBoolean()).isTrue();
    assertThat(planned.get("archived").asLong()).as("it reports what it would restore").isEqualTo(1);
    assertThat(db.queryValue("SELECT archive_reason FROM subscriptions WHERE stripe_subscription_id = ?", sub)).isNull();

    assertThat(cli(false, "rollback", runId).exit()).isZero();
    Result again = cli(false, "rollback", runId, "--format", "json");
    JsonNode second = new ObjectMapper().readTree(again.out());

    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(second.get("status").asText()).isEqualTo("succeeded");
    assertThat(second.get("errors").asLong()).isZero();
    assertThat(second.get("synchronized").asLong() + second.get("created").asLong() + second.get("archived").asLong())
        .isZero();
    assertThat(second.get("warnings").toString()).contains("nothing left to restore");
    assertThat(emulator.counters().totalRequests()).as("a rollback sends Stripe nothing").isZero();
  }

  @Test
  void aTargetedRunThroughTheCli() {
    Result result = cli("reconcile", "--subscription", sub, "--format", "json");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(db.count("subscriptions")).isEqualTo(1);
    assertThat(emulator.counters().requestCount("GET /v1/subscriptions")).isZero();
  }
}
