package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.db.RunLock;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.cli.ExitCode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.collect.ScanContext;
import com.subscriptionreconciler.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrency, races, Stripe trouble and the request budget, end to end. */
@EngineTest
class RunSafetyIntegrationTest {
  TestDatabase db;
  EngineFixture f;


  @BeforeEach
  void setUp(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
  }


  @Test
  void twoConcurrentRunsOneProceedsTheOtherReportsTheLockHolder() throws Exception {
    String sub = f.subscription(f.customerWithOrganization(1), f.proPrice, SubscriptionStatus.ACTIVE);
    CountDownLatch firstIsReading = new CountDownLatch(1);
    CountDownLatch secondIsDone = new CountDownLatch(1);
    HookedDataSource pausing =
        HookedDataSource.once(db.dataSource(), "SELECT `id` AS `id`, `organization_id`", () -> {
          firstIsReading.countDown();
          secondIsDone.await(60, TimeUnit.SECONDS);
        });
    CompletableFuture<RunReport> first =
        CompletableFuture.supplyAsync(() -> f.engine(rules(), pausing).run(EngineFixture.full()));
    assertThat(firstIsReading.await(60, TimeUnit.SECONDS)).isTrue();

    RunReport second = f.engine().run(EngineFixture.full());
    secondIsDone.countDown();
    RunReport firstReport = first.get(60, TimeUnit.SECONDS);

    assertThat(second.status()).isEqualTo("aborted");
    assertThat(ExitCode.of(second)).isEqualTo(ExitCode.ABORTED);
    assertThat(second.abortReason()).contains("another run").contains(firstReport.runId());
    assertThat(firstReport.status()).isEqualTo("succeeded");
    assertThat(f.row(sub)).containsEntry("status", "active").containsEntry("stripe_subscription_id", sub);
    assertThat(db.queryValue("SELECT status FROM reconciliation_runs WHERE id = ?", second.runId())).isEqualTo("aborted");
  }

  @Test
  void aRunThatLosesItsLockStopsBeforeItsNextWriteAndFailsSayingSo() {
    String sub = f.subscription(f.customerWithOrganization(1), f.proPrice, SubscriptionStatus.ACTIVE);
    f.subscription(f.customerWithOrganization(2), f.proPrice, SubscriptionStatus.ACTIVE);
    // while the run reads the database, another connection kills the one that holds the run lock
    HookedDataSource killing =
        HookedDataSource.once(db.dataSource(), "SELECT `id` AS `id`, `organization_id`", () -> {
          Object holder = db.queryValue("SELECT IS_USED_LOCK(CONCAT('subscription_reconciler.', DATABASE()))");
          db.execute("KILL " + holder);
        });

    RunReport report = f.engine(rules(), killing).run(EngineFixture.full());

    assertThat(killing.fired()).isTrue();
    assertThat(report.status()).isEqualTo("failed");
    assertThat(ExitCode.of(report)).isEqualTo(ExitCode.FAILED);
    assertThat(report.error()).startsWith("the run lock was lost (its database connection ended)");
    assertThat(f.row(sub)).as("nothing written after the lock was lost").isNull();
    assertThat(db.count("subscriptions")).isZero();
    assertThat(db.queryValue("SELECT COUNT(*) FROM reconciliation_changes WHERE run_id = ?", report.runId()))
        .isEqualTo(0L);
    assertThat(db.query("SELECT status, error FROM reconciliation_runs WHERE id = ?", report.runId()))
        .singleElement().satisfies(r -> {
          assertThat(r).containsEntry("status", "failed");
          assertThat((String) r.get("error")).contains("run lock was lost");
        });
    // the lock is free again, and the next run does the work
    assertThat(f.engine().run(EngineFixture.full()).created()).isEqualTo(2);
  }

  @Test
  void aRunFindingTheLockHeldTouchesNothing() throws Exception {
    f.subscription(f.customerWithOrganization(1), f.proPrice, SubscriptionStatus.ACTIVE);
    try (RunLock held = ((RunLock.LockAttempt.Acquired) RunLock.tryAcquire(db.dataSource())).lock()) {
      RunReport report = f.engine().run(EngineFixture.full());

      assertThat(report.status()).isEqualTo("aborted");
      assertThat(db.count("subscriptions")).isZero();
      assertThat(f.emulator.totalRequests()).isZero();
    }
  }

  @Test
  void aRollbackRefusedByTheLockIsRecordedOnceAsAbortedWithWhatItWouldHaveRolledBack() throws Exception {
    f.subscription(f.customerWithOrganization(1), f.proPrice, SubscriptionStatus.ACTIVE);
    RunReport applied = f.engine().run(EngineFixture.full());
    try (RunLock held = ((RunLock.LockAttempt.Acquired) RunLock.tryAcquire(db.dataSource())).lock()) {
      RunReport rollback = f.engine().rollback(applied.runId(), false, RunRequest.Trigger.CLI);

      assertThat(rollback.status()).isEqualTo("aborted");
      assertThat(db.query("SELECT status, rollback_of_run_id, finished_at IS NOT NULL AS finished"
              + " FROM reconciliation_runs WHERE id = ?", rollback.runId()))
          .singleElement()
          .satisfies(row -> {
            assertThat(row).containsEntry("status", "aborted").containsEntry("rollback_of_run_id", applied.runId());
            assertThat(((Number) row.get("finished")).intValue()).isEqualTo(1);
          });
    }
    assertThat(db.queryValue("SELECT archive_reason FROM subscriptions")).as("nothing rolled back").isNull();
  }

  @Test
  void aWebhookWriteRacingTheRunIsNeverOverwrittenWithOlderData() throws Exception {
    String sub = f.subscription(f.customerWithOrganization(1), f.proPrice, SubscriptionStatus.ACTIVE);
    f.engine().run(EngineFixture.full());
    int version = ((Number) f.row(sub).get("version")).intValue();
    f.account.changePrice(sub, f.teamPrice);
    // While the run holds its plan (team), Stripe moves on (basic) and the webhook handler writes that first.
    HookedDataSource racing =
        HookedDataSource.once(db.dataSource(), "UPDATE `subscriptions` SET", () -> {
          f.account.changePrice(sub, f.basicPrice);
          try (Connection c = db.dataSource().getConnection();
              PreparedStatement ps = c.prepareStatement(
                  "UPDATE subscriptions SET stripe_price_id = 'price_basic', plan_tier = 'basic', version = version + 1"
                      + " WHERE stripe_subscription_id = ?")) {
            ps.setString(1, sub);
            ps.executeUpdate();
          }
        });

    RunReport report = f.engine(rules(), racing).run(EngineFixture.full());

    assertThat(racing.fired()).isTrue();
    assertThat(report.status()).isEqualTo("succeeded");
    assertThat(f.row(sub)).containsEntry("stripe_price_id", "price_basic").containsEntry("plan_tier", "basic");
    assertThat(((Number) f.row(sub).get("version")).intValue()).as("only the webhook wrote the row").isEqualTo(version + 1);
    assertThat(report.details()).noneMatch(d -> sub.equals(d.stripeId()) && d.changes().stream().anyMatch(c -> "team".equals(c.to())));
  }

  @Test
  void aRateLimitStormAndTransientFailuresStillEndInACorrectSucceededRun() {
    for (long org = 1; org <= 30; org++) {
      f.subscription(f.customerWithOrganization(org), f.proPrice, SubscriptionStatus.ACTIVE);
    }
    f.engine().run(EngineFixture.full());
    List<String> subs = f.account.subscriptions().map(s -> s.id()).toList();
    subs.subList(0, 5).forEach(f.account::cancelNow);
    f.emulator.resetCounters();
    f.emulator.knobs().rateLimit(1).retryAfterSeconds(1).failRequests(1, 3, 4);

    RunReport report = f.engine(rules(), db.dataSource(), 200).run(EngineFixture.full());

    assertThat(report.status()).as(String.valueOf(report.warnings())).isEqualTo("succeeded");
    assertThat(f.emulator.counters().throttledRequests()).isPositive();
    assertThat(f.emulator.counters().injectedFailures()).isPositive();
    assertThat(report.stripeRequests()).isEqualTo(f.emulator.totalRequests());
    assertThat(db.queryValue("SELECT COUNT(*) FROM subscriptions WHERE status = 'canceled'")).isEqualTo(5L);
    assertThat(report.driftByField()).containsEntry("status", 5L);
  }

  @Test
  void stripeUnreachableFailsTheRunWithNothingApplied() {
    f.subscription(f.customerWithOrganization(1), f.proPrice, SubscriptionStatus.ACTIVE);

    RunReport report =
        ProductionWiring.create(f.config(rules(), "http://127.0.0.1:9"), db.dataSource()).run(EngineFixture.full());

    assertThat(report.status()).isEqualTo("failed");
    assertThat(ExitCode.of(report)).isEqualTo(ExitCode.FAILED);
    assertThat(report.error()).isNotBlank().doesNotContain(f.emulator.apiKey());
    assertThat(db.count("subscriptions")).isZero();
    assertThat(db.queryValue("SELECT status FROM reconciliation_runs WHERE id = ?", report.runId())).isEqualTo("failed");
  }

  @Test
  void droppedConnectionsOnEveryRequestFailTheRunNotTheData() {
    String sub = f.subscription(f.customerWithOrganization(1), f.proPrice, SubscriptionStatus.ACTIVE);
    f.engine().run(EngineFixture.full());
    f.account.cancelNow(sub);
    f.emulator.knobs().dropFraction(1.0);

    RunReport report = f.engine().run(EngineFixture.full());

    assertThat(report.status()).isEqualTo("failed");
    assertThat(f.row(sub)).containsEntry("status", "active");
  }

  @Test
  void aFullRunOverFiveThousandSubscriptionsInSyncStaysWithinSixtyRequests() {
    AccountGenerator.generate(f.account, 5000, 7);
    seedOrganizationsForEveryCustomer();
    RunReport first = f.engine(rules(), db.dataSource(), 20).run(EngineFixture.full());
    assertThat(first.created()).isGreaterThan(4000);
    f.emulator.resetCounters();

    RunReport second = f.engine(rules(), db.dataSource(), 20).run(EngineFixture.full());

    assertThat(second.status()).isEqualTo("succeeded");
    assertThat(second.synchronized_() + second.created() + second.archived()).isZero();
    assertThat(second.totalSubscriptions()).isGreaterThanOrEqualTo(5000);
    assertThat(f.emulator.totalRequests()).isLessThanOrEqualTo(60);
    assertThat(second.stripeRequests()).isEqualTo(f.emulator.totalRequests());
    assertThat(f.emulator.writeAttempts()).isZero();
  }

  private void seedOrganizationsForEveryCustomer() {
    List<String> customers = f.account.customers().map(c -> c.id()).toList();
    long id = 1000;
    for (List<String> chunk : ScanContext.chunks(customers, 500)) {
      StringBuilder sql = new StringBuilder("INSERT INTO organizations (id, name, stripe_customer_id) VALUES ");
      Object[] params = new Object[chunk.size() * 3];
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "(?,?,?)" : ",(?,?,?)");
        params[i * 3] = id;
        params[i * 3 + 1] = "Org " + id;
        params[i * 3 + 2] = chunk.get(i);
        id++;
      }
      db.execute(sql.toString(), params);
    }
  }

  private static ReconcileRules rules() {
    return new ReconcileRules(EngineFixture.TIER_MAP, "free", 0.5, 10_000);
  }

}
