package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.config.AccountScope;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.db.RunLock;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.lambda.LocalContext;
import com.subscriptionreconciler.lambda.ReconcilerHandler;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Stripe accounts, one database (docs/reference.md, Several Stripe accounts), through the CLI with the
 * production wiring: one emulator serving two keys, the real stripe-java client over HTTP, real MariaDB. The
 * default account "us" owns the rows whose stripe_account is NULL; "eu" owns the rows labelled 'eu'.
 */
@RealDatabase
class SeveralAccountsEndToEndTest {
  private static final String EU_KEY = "sk_test_fakeSeveralAccountsEuKey";
  private static final ObjectMapper JSON = new ObjectMapper();

  final TestDatabase db;
  StripeEmulator emulator;
  EmulatedAccount us;
  EmulatedAccount eu;
  String usCustomer;
  String euCustomer;
  String usSubscription;
  String euSubscription;

  SeveralAccountsEndToEndTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void seed() {
    db.truncateAll();
    emulator = StripeEmulator.start();
    us = emulator.account();
    eu = emulator.addAccount(EU_KEY, 7);
    usCustomer = customerWithOrganization(us, 1, null);
    euCustomer = customerWithOrganization(eu, 2, "eu");
    usSubscription = us.createSubscription(
        SubscriptionSpec.forCustomer(usCustomer).price(proPrice(us)).status(SubscriptionStatus.ACTIVE));
    euSubscription = eu.createSubscription(
        SubscriptionSpec.forCustomer(euCustomer).price(proPrice(eu)).status(SubscriptionStatus.ACTIVE));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private static String proPrice(EmulatedAccount account) {
    String product = account.createProduct("prod_pro", "Pro", Map.of());
    return account.createPrice(PriceSpec.monthly(product, "pro_monthly", 4900).withId("price_pro"));
  }

  private String customerWithOrganization(EmulatedAccount account, long organizationId, String label) {
    String customer = account.createCustomer(CustomerSpec.of("org" + organizationId + "@example.com"));
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id, stripe_account) VALUES (?, ?, ?, ?)",
        organizationId, "Org " + organizationId, customer, label);
    return customer;
  }

  record Result(int exit, String out, String err) {
    List<JsonNode> reports() throws Exception {
      List<JsonNode> reports = new ArrayList<>();
      for (String line : out.split("\\R")) {
        if (!line.isBlank()) {
          reports.add(JSON.readTree(line));
        }
      }
      return reports;
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("JDBC_URL", db.jdbcUrl());
    env.put("DB_USER", db.user());
    env.put("DB_PASSWORD", db.password().reveal());
    env.put("STRIPE_ACCOUNTS", "{\"us\":{\"key\":\"" + emulator.apiKey() + "\",\"default\":true},"
        + "\"eu\":{\"key\":\"" + EU_KEY + "\"}}");
    env.put("STRIPE_API_BASE", emulator.baseUrl());
    env.put("PLAN_TIER_MAP", "{\"pro_monthly\":\"pro\"}");
    env.put("MAX_CHANGES_ABSOLUTE", "1000");
    return env;
  }

  private Result cli(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, Environment.of(env), new PrintWriter(out, true), new PrintWriter(err, true),
        CliSeams.defaults());
    return new Result(exit, out.toString(), err.toString());
  }

  private Result cli(String... args) {
    return cli(env(), args);
  }

  private Map<String, Object> row(String subscriptionId) {
    return db.query("SELECT * FROM subscriptions WHERE stripe_subscription_id = ?", subscriptionId).get(0);
  }

  @Test
  void eachAccountInsertsAndFixesOnlyItsOwnRowsInARunOfItsOwn() throws Exception {
    Result first = cli("reconcile", "--format", "json");

    assertThat(first.exit()).as(first.err()).isZero();
    List<JsonNode> reports = first.reports();
    assertThat(reports).extracting(r -> r.get("account").asText()).containsExactly("us", "eu");
    assertThat(reports).extracting(r -> r.get("created").asLong()).containsExactly(1L, 1L);
    assertThat(reports).extracting(r -> r.get("status").asText()).containsExactly("succeeded", "succeeded");
    assertThat(row(usSubscription)).containsEntry("stripe_account", null).containsEntry("organization_id", 1L)
        .containsEntry("plan_tier", "pro");
    assertThat(row(euSubscription)).containsEntry("stripe_account", "eu").containsEntry("organization_id", 2L)
        .containsEntry("plan_tier", "pro");
    assertThat(db.query("SELECT id, stripe_account FROM reconciliation_runs ORDER BY stripe_account"))
        .extracting(r -> r.get("id") + " " + r.get("stripe_account"))
        .containsExactly(reports.get(1).get("runId").asText() + " eu", reports.get(0).get("runId").asText() + " us");

    // drift in both accounts: each account's run fixes its own
    db.execute("UPDATE subscriptions SET status = 'past_due' WHERE stripe_subscription_id = ?", usSubscription);
    db.execute("UPDATE subscriptions SET plan_tier = 'free' WHERE stripe_subscription_id = ?", euSubscription);
    Result second = cli("reconcile", "--format", "json");

    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.reports()).extracting(r -> r.get("account").asText() + " " + r.get("driftByField"))
        .containsExactly("us {\"status\":1}", "eu {\"plan_tier\":1}");
    assertThat(row(usSubscription)).containsEntry("status", "active");
    assertThat(row(euSubscription)).containsEntry("plan_tier", "pro");
    assertThat(emulator.writeAttempts()).isZero();
  }

  @Test
  void neitherAccountArchivesTheOthersRowsButEachArchivesItsOwnOrphans() throws Exception {
    cli("reconcile");
    String euOrphan = eu.createSubscription(
        SubscriptionSpec.forCustomer(euCustomer).price("price_pro").status(SubscriptionStatus.ACTIVE));
    cli("reconcile", "--account", "eu");
    eu.removeSubscription(euOrphan);
    Map<String, Object> euBefore = row(euSubscription);

    // us lists only its own account: eu's subscriptions are unknown to it, yet none of eu's rows is an orphan
    Result usOnly = cli("reconcile", "--account", "us", "--format", "json");

    assertThat(usOnly.exit()).as(usOnly.err()).isZero();
    JsonNode usReport = usOnly.reports().get(0);
    assertThat(usReport.get("account").asText()).isEqualTo("us");
    assertThat(usReport.get("archived").asLong()).isZero();
    assertThat(usReport.get("totalSubscriptions").asLong()).as("us checked its own row only").isEqualTo(1);
    assertThat(row(euSubscription)).isEqualTo(euBefore);
    assertThat(row(euOrphan)).containsEntry("archived_at", null);

    Result euOnly = cli("reconcile", "--account", "eu", "--format", "json");

    assertThat(euOnly.exit()).as(euOnly.err()).isZero();
    assertThat(euOnly.reports().get(0).get("archived").asLong()).isEqualTo(1);
    assertThat(row(euOrphan)).containsEntry("status", "canceled").extracting(r -> r.get("archived_at")).isNotNull();
    assertThat(row(euSubscription)).containsEntry("archived_at", null);
    assertThat(row(usSubscription)).containsEntry("archived_at", null);
  }

  @Test
  void aTargetedRunOfOneAccountNamingAnotherAccountsSubscriptionChangesNothing() throws Exception {
    cli("reconcile");
    Map<String, Object> euBefore = row(euSubscription);

    // what an event batch routed to the wrong account amounts to: the id is unknown to us's Stripe, and eu's row
    // is outside us's rows, so nothing is archived or inserted
    Result result = cli("reconcile", "--account", "us", "--subscription", euSubscription, "--format", "json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode report = result.reports().get(0);
    assertThat(report.get("archived").asLong() + report.get("created").asLong() + report.get("synchronized").asLong())
        .isZero();
    assertThat(row(euSubscription)).isEqualTo(euBefore);
  }

  @Test
  void eachAccountHasItsOwnGuardAndAnAccountsFirstRunIsExplainedAsOne() throws Exception {
    assertThat(cli("reconcile", "--account", "us").exit()).isZero();
    String second = eu.createSubscription(
        SubscriptionSpec.forCustomer(euCustomer).price("price_pro").status(SubscriptionStatus.TRIALING));
    Map<String, String> strict = env();
    strict.put("MAX_CHANGE_RATIO", "0");
    strict.put("MAX_CHANGES_ABSOLUTE", "1");

    Result result = cli(strict, "reconcile", "--format", "json");

    // us has nothing to change; eu would insert two rows of its own (two of two: 100%), its first real run
    assertThat(result.exit()).isEqualTo(5);
    List<JsonNode> reports = result.reports();
    assertThat(reports).extracting(r -> r.get("account").asText() + " " + r.get("status").asText())
        .containsExactly("us succeeded", "eu aborted");
    assertThat(reports.get(1).get("abortReason").asText()).startsWith("would change 2 of 2 rows")
        .endsWith("(these rows were never reconciled, so a first run meets all the drift its webhooks ever missed"
            + " at once: review it with a dry run, then force this first run)");
    assertThat(db.count("subscriptions")).as("only us's row").isEqualTo(1);
    assertThat(db.query("SELECT 1 FROM subscriptions WHERE stripe_subscription_id = ?", second)).isEmpty();
  }

  @Test
  void eachAccountHasItsOwnLock() throws Exception {
    try (RunLock euLock = acquired(new AccountScope("eu", false))) {
      Result result = cli("reconcile", "--format", "json");

      // us ran beside the held eu lock; eu's run found its own lock taken, and says whose it is
      assertThat(result.exit()).as("the worst of the two runs: aborted").isEqualTo(5);
      List<JsonNode> reports = result.reports();
      assertThat(reports).extracting(r -> r.get("account").asText() + " " + r.get("status").asText())
          .containsExactly("us succeeded", "eu aborted");
      assertThat(reports.get(1).get("abortReason").asText()).contains("'" + euLock.name() + "'");
      // the database's name and the label; hashed when the two pass MySQL's 64 characters, as the tests' do
      assertThat(euLock.name()).isEqualTo(RunLock.nameFor(db.schema(), ":eu"))
          .isNotEqualTo(RunLock.nameFor(db.schema()));
    }
    assertThat(db.count("subscriptions")).as("only us inserted").isEqualTo(1);
  }

  private RunLock acquired(AccountScope account) throws SQLException {
    return ((RunLock.LockAttempt.Acquired) RunLock.tryAcquire(db.dataSource(), account)).lock();
  }

  /** eu's subscription drifts and eu's run sets its plan tier back to pro: the run to roll back. */
  private String euRunThatFixedItsPlanTier() throws Exception {
    assertThat(cli("reconcile").exit()).isZero();
    db.execute("UPDATE subscriptions SET plan_tier = 'free' WHERE stripe_subscription_id = ?", euSubscription);
    Result run = cli("reconcile", "--account", "eu", "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(row(euSubscription)).containsEntry("plan_tier", "pro");
    return run.reports().get(0).get("runId").asText();
  }

  @Test
  void aRollbackOfAnAccountsRunTakesThatAccountsLockNotTheDefaultOne() throws Exception {
    String euRun = euRunThatFixedItsPlanTier();

    try (RunLock euLock = acquired(new AccountScope("eu", false))) {
      Result refused = cli("rollback", euRun, "--format", "json");

      // what eu's reconciliation holds keeps its rollback out, as it keeps out a second run
      assertThat(refused.exit()).as(refused.err()).isEqualTo(5);
      JsonNode report = refused.reports().get(0);
      assertThat(report.get("status").asText()).isEqualTo("aborted");
      assertThat(report.get("abortReason").asText()).contains("'" + euLock.name() + "'");
    }
    assertThat(row(euSubscription)).containsEntry("plan_tier", "pro");

    try (RunLock usLock = acquired(new AccountScope("us", true))) {
      Result rolledBack = cli("rollback", euRun, "--format", "json");

      // us's lock is the plain one a single-account deployment takes: it does not hold up eu's rollback
      assertThat(usLock.name()).isEqualTo(RunLock.nameFor(db.schema()));
      assertThat(rolledBack.exit()).as(rolledBack.err()).isZero();
      assertThat(rolledBack.reports().get(0).get("status").asText()).isEqualTo("succeeded");
    }
    assertThat(row(euSubscription)).containsEntry("plan_tier", "free");
  }

  @Test
  void aRollbackIsARunOfTheAccountWhoseRunItUndoes() throws Exception {
    String euRun = euRunThatFixedItsPlanTier();
    String usRun = cli("reconcile", "--account", "us", "--format", "json").reports().get(0).get("runId").asText();

    JsonNode euRollback = cli("rollback", euRun, "--format", "json").reports().get(0);
    JsonNode usRollback = cli("rollback", usRun, "--format", "json").reports().get(0);

    assertThat(euRollback.get("account").asText()).isEqualTo("eu");
    assertThat(usRollback.get("account").asText()).isEqualTo("us");
    String euRollbackId = euRollback.get("runId").asText();
    assertThat(db.queryValue("SELECT stripe_account FROM reconciliation_runs WHERE id = ?", euRollbackId))
        .isEqualTo("eu");
    assertThat(cli("runs").out().lines().filter(l -> l.startsWith(euRollbackId))).singleElement().asString()
        .contains(" rollback ").endsWith("  eu");
    assertThat(JSON.readTree(cli("runs", "--format", "json").out()))
        .filteredOn(r -> r.get("runId").asText().equals(euRollbackId))
        .extracting(r -> r.get("account").asText()).containsExactly("eu");
  }

  @Test
  void rollbackAccountMustNameTheAccountOfTheRun() throws Exception {
    String euRun = euRunThatFixedItsPlanTier();
    long runsBefore = db.count("reconciliation_runs");

    Result wrong = cli("rollback", euRun, "--account", "us");
    Result unknown = cli("rollback", euRun, "--account", "asia");

    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err()).contains("run " + euRun + " belongs to account 'eu', not 'us'");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no account 'asia' in STRIPE_ACCOUNTS (accounts: us, eu)");
    assertThat(db.count("reconciliation_runs")).as("nothing recorded").isEqualTo(runsBefore);
    assertThat(row(euSubscription)).containsEntry("plan_tier", "pro");

    Result right = cli("rollback", euRun, "--account", "eu");

    assertThat(right.exit()).as(right.err()).isZero();
    assertThat(row(euSubscription)).containsEntry("plan_tier", "free");
  }

  @Test
  void aRollbackLeavesARowRelabelledToAnotherAccountSinceItsRunAndSaysSo() throws Exception {
    String euRun = euRunThatFixedItsPlanTier();
    // the application moved the row to the default account after eu's run
    db.execute("UPDATE subscriptions SET stripe_account = NULL WHERE stripe_subscription_id = ?", euSubscription);

    Result result = cli("rollback", euRun, "--format", "json");

    assertThat(result.exit()).as(result.err()).isEqualTo(4);
    assertThat(result.reports().get(0).get("warnings").toString()).contains("not rolled back: subscription ")
        .contains("the row now belongs to another Stripe account (its stripe_account changed since the run)");
    assertThat(row(euSubscription)).containsEntry("plan_tier", "pro");
  }

  @Test
  void withoutStripeAccountsARollbackTakesThePlainLockAndHasNoAccount() throws Exception {
    Map<String, String> single = env();
    single.remove("STRIPE_ACCOUNTS");
    single.put("STRIPE_SECRET_KEY", emulator.apiKey());
    assertThat(cli(single, "reconcile").exit()).isZero();
    db.execute("UPDATE subscriptions SET status = 'past_due' WHERE stripe_subscription_id = ?", usSubscription);
    String run = cli(single, "reconcile", "--format", "json").reports().get(0).get("runId").asText();

    try (RunLock plain = acquired(AccountScope.single())) {
      assertThat(cli(single, "rollback", run).exit()).as("aborted: the lock is taken").isEqualTo(5);
    }
    Result rolledBack = cli(single, "rollback", run, "--format", "json");
    Result withAccount = cli(single, "rollback", run, "--account", "us");

    assertThat(rolledBack.exit()).as(rolledBack.err()).isZero();
    JsonNode report = rolledBack.reports().get(0);
    assertThat(report.has("account")).isFalse();
    assertThat(db.queryValue("SELECT stripe_account FROM reconciliation_runs WHERE id = ?",
        report.get("runId").asText())).isNull();
    assertThat(row(usSubscription)).containsEntry("status", "past_due");
    assertThat(withAccount.exit()).isEqualTo(2);
    assertThat(withAccount.err()).contains("account 'us' was asked for, but STRIPE_ACCOUNTS is not set");
  }

  @Test
  void theLambdaRunsTheAccountItsPayloadNamesAndEachRunHasMetricsOfItsOwn() throws Exception {
    ReconcilerHandler handler = new ReconcilerHandler(env(), () -> {
      throw new IllegalStateException("no secret is read: the keys are in STRIPE_ACCOUNTS");
    }, ProductionWiring::create);
    List<JsonNode> responses = new ArrayList<>();
    List<JsonNode> metrics;
    try (CapturedOutput out = CapturedOutput.start()) {
      for (String payload : List.of("{\"account\":\"eu\"}", "{}")) {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), response,
            LocalContext.of("req-" + responses.size()));
        responses.add(JSON.readTree(response.toByteArray()));
      }
      metrics = out.emfDocuments();
    }

    assertThat(responses).extracting(r -> r.get("account").asText() + " " + r.get("created").asLong())
        .containsExactly("eu 1", "us 1");
    assertThat(row(euSubscription)).containsEntry("stripe_account", "eu");
    assertThat(metrics).extracting(emf -> emf.path("Account").asText() + " "
            + emf.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions") + " " + emf.path("Created"))
        .containsExactly("eu [[\"Service\"],[\"Service\",\"Account\"]] 1.0",
            "us [[\"Service\"],[\"Service\",\"Account\"]] 1.0");
  }

  @Test
  void incrementalRunsKeepOneCheckpointPerAccount() {
    Result result = cli("reconcile", "--mode", "incremental");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(db.query("SELECT name FROM reconciliation_checkpoints ORDER BY name"))
        .extracting(r -> r.get("name")).containsExactly("events", "events:eu");
  }

  @Test
  void runsAndShowSayWhichAccount() throws Exception {
    List<JsonNode> reports = cli("reconcile", "--format", "json").reports();
    String euRun = reports.get(1).get("runId").asText();

    Result runs = cli("runs");
    Result runsJson = cli("runs", "--format", "json");
    Result show = cli("show", euRun);

    assertThat(runs.out().lines().findFirst().orElseThrow()).endsWith("ACCOUNT");
    assertThat(runs.out().lines().filter(l -> l.startsWith(euRun))).singleElement().asString().endsWith("  eu");
    assertThat(JSON.readTree(runsJson.out())).extracting(r -> r.get("account").asText()).containsExactly("eu", "us");
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out()).contains("  account: eu");
  }

  @Test
  void withoutStripeAccountsTheReportHasNoAccountAndRunsNoAccountColumn() throws Exception {
    Map<String, String> single = env();
    single.remove("STRIPE_ACCOUNTS");
    single.put("STRIPE_SECRET_KEY", emulator.apiKey());

    Result result = cli(single, "reconcile", "--format", "json");
    Result runs = cli(single, "runs");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode report = result.reports().get(0);
    assertThat(report.has("account")).isFalse();
    assertThat(report.get("created").asLong()).as("a single account sees every row: the us subscription").isEqualTo(1);
    assertThat(runs.out()).doesNotContain("ACCOUNT");
    assertThat(db.queryValue("SELECT stripe_account FROM reconciliation_runs")).isNull();
  }
}
