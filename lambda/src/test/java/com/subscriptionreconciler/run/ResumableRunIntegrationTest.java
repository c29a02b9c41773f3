package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.db.RunLock;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.cli.ExitCode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.sequence.RunStarter;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resumable full runs (docs/reference.md, Lambda payloads) end to end: real MariaDB, the emulator over HTTP. A
 * deadline that expires after a given number of listing pages makes each invocation stop at an exact point,
 * without sleeps; the same account
 * (the emulator's ids are seeded, so two fixtures build identical accounts) is reconciled once in one go and
 * once in several invocations, and both must leave the same database.
 */
@RealDatabase
class ResumableRunIntegrationTest {
  /** 2023-11-14: a fixed account clock, so both fixtures' Stripe periods are identical. */
  private static final long NOW = 1_700_000_000L;
  private static final int ORGANIZATIONS = 260;
  /** Low enough for few listing workers: pages fetched ahead and dropped at a pause stay few. */
  private static final double MAX_RPS = 8;
  private static final String LIST = "GET /v1/subscriptions";
  private static final String RETRIEVE = "GET /v1/subscriptions/{id}";

  final TestDatabase db;
  EngineFixture f;

  ResumableRunIntegrationTest(TestDatabase db) {
    this.db = db;
  }

  @AfterEach
  void tearDown() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void aRunSplitAcrossInvocationsEndsLikeAOneShotRunAndProcessesEverySubscriptionOnce() {
    Outcome oneShot = reconcile(engine -> List.of(engine.run(EngineFixture.full())));
    Outcome resumed = reconcile(engine -> inInvocations(engine, 2));

    List<RunReport> reports = resumed.reports();
    assertThat(reports.size()).as("invocations").isGreaterThanOrEqualTo(3);
    assertThat(reports.subList(0, reports.size() - 1))
        .allSatisfy(r -> {
          assertThat(r.status()).isEqualTo("running");
          assertThat(r.resumeRunId()).isEqualTo(r.runId());
        });
    RunReport last = reports.get(reports.size() - 1);
    RunReport whole = oneShot.reports().get(0);
    assertThat(last.status()).isEqualTo("succeeded");
    assertThat(last.resumeRunId()).isNull();
    assertThat(reports).extracting(RunReport::runId).containsOnly(last.runId());

    // the same database, row for row, field for field
    assertThat(resumed.subscriptions()).isEqualTo(oneShot.subscriptions());
    assertThat(resumed.organizations()).isEqualTo(oneShot.organizations());
    // the same changes, each recorded once
    assertThat(resumed.changes()).isEqualTo(oneShot.changes());
    assertThat(db.query("SELECT stripe_id, field, COUNT(*) n FROM reconciliation_changes WHERE run_id = ?"
        + " AND entity = 'subscription' GROUP BY stripe_id, field HAVING COUNT(*) > 1", last.runId())).isEmpty();
    // the same counts: every subscription checked exactly once over all invocations
    assertThat(counts(last)).isEqualTo(counts(whole));
    assertThat(last.archived()).isEqualTo(5);
    assertThat(last.created()).isGreaterThan(10);
    assertThat(last.details()).hasSameSizeAs(whole.details());

    // one run row, finished, its resume state gone
    Map<String, Object> row = db.query("SELECT * FROM reconciliation_runs WHERE id = ?", last.runId()).get(0);
    assertThat(row).containsEntry("status", "succeeded").containsEntry("resume_state", null);
    assertThat(((Number) row.get("total_subscriptions")).longValue()).isEqualTo(whole.totalSubscriptions());

    // listing again what was fetched but not consumed at a pause, and the deferred retrieves, cost a little
    long overhead = resumed.requests() - oneShot.requests();
    int pauses = reports.size() - 1;
    System.out.printf("resumable run: %d invocations, %d requests vs %d one-shot (+%d, %.1f per resume)%n",
        reports.size(), resumed.requests(), oneShot.requests(), overhead, overhead / (double) pauses);
    assertThat(overhead).isLessThanOrEqualTo(12L * pauses);
    assertThat(last.stripeRequests()).isEqualTo(resumed.requests());
  }

  @Test
  void aPausedRunKeepsItsRowRunningWithItsStateAndItsCountsSoFar() {
    f = scenario();
    RunReport first = f.engine(EngineFixture.RULES, db.dataSource(), MAX_RPS).run(EngineFixture.full(), afterPages(1));

    assertThat(first.status()).isEqualTo("running");
    assertThat(first.totalSubscriptions()).isBetween(1L, 200L);
    Map<String, Object> row = db.query("SELECT * FROM reconciliation_runs WHERE id = ?", first.runId()).get(0);
    assertThat(row).containsEntry("status", "running").containsEntry("finished_at", null);
    assertThat((String) row.get("resume_state")).contains("\"remaining\"").contains("\"seen\"");
    assertThat(((Number) row.get("total_subscriptions")).longValue()).isEqualTo(first.totalSubscriptions());
    assertThat(ExitCode.of(first)).isEqualTo(ExitCode.FAILED); // the CLI has no deadline and never sees it
  }

  @Test
  void anOrphanSeenOnlyInALaterInvocationIsArchivedOnceAndOneSeenEarlierIsNever() {
    f = scenario();
    RunStarter engine = f.engine(EngineFixture.RULES, db.dataSource(), MAX_RPS);
    List<RunReport> reports = inInvocations(engine, 1);

    RunReport last = reports.get(reports.size() - 1);
    assertThat(reports.size()).isGreaterThanOrEqualTo(4);
    assertThat(last.status()).isEqualTo("succeeded");
    assertThat(db.queryValue("SELECT COUNT(*) FROM subscriptions WHERE archived_at IS NOT NULL")).isEqualTo(5L);
    assertThat(db.queryValue("SELECT COUNT(*) FROM subscriptions WHERE stripe_subscription_id LIKE 'sub_gone%'"
        + " AND archived_at IS NOT NULL")).isEqualTo(3L);
    assertThat(db.queryValue("SELECT COUNT(*) FROM reconciliation_changes WHERE action = 'archive' AND field = 'status'"))
        .isEqualTo(5L);
    assertThat(last.archived()).isEqualTo(5);
    // every listed subscription's row is live: none was taken for an orphan at the end
    long live = f.account.subscriptions().count();
    assertThat(db.queryValue("SELECT COUNT(*) FROM subscriptions WHERE archived_at IS NULL")).isEqualTo(live);
  }

  @Test
  void whatAnEarlierInvocationDeferredIsRetrievedWhileTheNextOneListsNotAfter() {
    f = new EngineFixture(db);
    f.account.setNow(NOW);
    String newest = null;
    for (int i = 1; i <= 400; i++) { // four pages
      newest = f.account.createSubscription(SubscriptionSpec.forCustomer(f.customerWithOrganization(i))
          .price(f.proPrice).status(SubscriptionStatus.ACTIVE).created(NOW - 86_400L * 300 + i * 3_600L));
    }
    f.engine().run(EngineFixture.full());
    // a row without its subscription id: its customer's subscriptions wait for the end of the listing
    db.execute("UPDATE subscriptions SET stripe_subscription_id = NULL WHERE stripe_subscription_id = ?", newest);
    RunStarter engine = f.engine(EngineFixture.RULES, db.dataSource(), MAX_RPS);
    RunReport first = engine.run(EngineFixture.full(), afterPages(1)); // the newest page, then a pause
    assertThat(first.status()).isEqualTo("running");
    assertThat((String) db.queryValue("SELECT resume_state FROM reconciliation_runs WHERE id = ?", first.runId()))
        .as("carried to the next invocation by id").contains(newest);
    f.emulator.resetCounters();

    RunReport last = finish(engine, first);

    assertThat(last.status()).isEqualTo("succeeded");
    assertThat(f.emulator.counters().requestCount(RETRIEVE)).isEqualTo(1);
    assertThat(f.emulator.counters().firstArrival(RETRIEVE))
        .as("retrieved again before the listing's last page, on the retrieve endpoint's own budget")
        .isLessThan(f.emulator.counters().lastArrival(LIST));
    assertThat(db.queryValue("SELECT COUNT(*) FROM subscriptions WHERE stripe_subscription_id = ?"
        + " AND archived_at IS NULL", newest)).as("the row got its id back").isEqualTo(1L);
  }

  @Test
  void aRunWhoseGuardTripsInALaterInvocationHasAppliedNothingInAnyInvocation() {
    f = new EngineFixture(db);
    f.account.setNow(NOW);
    List<String> subscriptions = new ArrayList<>();
    for (int i = 1; i <= 500; i++) { // five pages
      subscriptions.add(f.account.createSubscription(SubscriptionSpec.forCustomer(f.customerWithOrganization(i))
          .price(f.proPrice).status(SubscriptionStatus.ACTIVE).created(NOW - 86_400L * 300 + i * 3_600L)));
    }
    f.engine().run(EngineFixture.full());
    for (int i = 0; i < subscriptions.size(); i += 5) {
      f.account.cancelNow(subscriptions.get(i)); // one in five: 100 changes of 500, spread over every page
    }
    var subscriptionsBefore = db.query("SELECT * FROM subscriptions ORDER BY id");
    var organizationsBefore = db.query("SELECT * FROM organizations ORDER BY id");
    // 20% changes: over the ratio everywhere, and over the absolute limit only past 225 rows checked
    RunStarter engine = f.engine(new ReconcileRules(EngineFixture.TIER_MAP, "free", 0.1, 45), db.dataSource(), MAX_RPS);

    RunReport first = engine.run(EngineFixture.full(), afterPages(1));
    assertThat(first.status()).isEqualTo("running");
    assertThat(first.totalSubscriptions()).as("the first invocation alone stays within the guard").isBetween(1L, 225L);
    RunReport last = finish(engine, first);

    assertThat(last.status()).isEqualTo("aborted");
    assertThat(last.abortReason()).contains("MAX_CHANGES_ABSOLUTE 45");
    assertThat(db.query("SELECT * FROM subscriptions ORDER BY id")).isEqualTo(subscriptionsBefore);
    assertThat(db.query("SELECT * FROM organizations ORDER BY id")).isEqualTo(organizationsBefore);
    assertThat(db.queryValue("SELECT COUNT(*) FROM reconciliation_changes WHERE run_id = ? AND applied = 1",
        last.runId())).isEqualTo(0L);
    assertThat(db.queryValue("SELECT COUNT(*) FROM reconciliation_changes WHERE run_id = ? AND applied = 0"
        + " AND field = 'status'", last.runId())).as("every planned change recorded, none applied").isEqualTo(100L);
  }

  @Test
  void anUnknownOrFinishedRunIdCannotBeResumed() {
    f = scenario();
    RunStarter engine = f.engine(EngineFixture.RULES, db.dataSource(), MAX_RPS);
    RunReport finished = engine.run(EngineFixture.full());

    assertThatThrownBy(() -> engine.run(RunRequest.resume(RunRequest.Trigger.MANUAL, "r-20200101T000000Z-abcdef")))
        .isInstanceOf(NotResumableException.class).hasMessageContaining("no run with id 'r-20200101T000000Z-abcdef'");
    assertThatThrownBy(() -> engine.run(RunRequest.resume(RunRequest.Trigger.MANUAL, finished.runId())))
        .isInstanceOf(NotResumableException.class).hasMessageContaining("already finished (status succeeded)");
    assertThat(db.query("SELECT status FROM reconciliation_runs")).hasSize(2); // the scenario's first run, and this
  }

  @Test
  void aRunPausedMoreThanADayAgoHasExpiredAndANewFullRunAbandonsIt() {
    f = scenario();
    RunStarter engine = f.engine(EngineFixture.RULES, db.dataSource(), MAX_RPS);
    RunReport paused = engine.run(EngineFixture.full(), afterPages(1));
    db.execute("UPDATE reconciliation_runs SET started_at = started_at - INTERVAL 25 HOUR WHERE id = ?",
        paused.runId());

    assertThatThrownBy(() -> engine.run(RunRequest.resume(RunRequest.Trigger.MANUAL, paused.runId())))
        .isInstanceOf(NotResumableException.class).hasMessageContaining("more than 24 h ago");
    RunReport fresh = engine.run(EngineFixture.full());

    assertThat(fresh.status()).isEqualTo("succeeded");
    assertThat(fresh.warnings()).anyMatch(w -> w.contains(paused.runId()) && w.contains("abandoned"));
    assertThat(db.query("SELECT status, error, resume_state FROM reconciliation_runs WHERE id = ?", paused.runId()))
        .singleElement().satisfies(r -> {
          assertThat(r).containsEntry("status", "failed").containsEntry("resume_state", null);
          assertThat((String) r.get("error")).contains("superseded by run " + fresh.runId());
        });
  }

  @Test
  void aNewFullRunWhileOneWaitsToBeResumedIsRefusedAndTouchesNothing() {
    f = scenario();
    RunStarter engine = f.engine(EngineFixture.RULES, db.dataSource(), MAX_RPS);
    RunReport paused = engine.run(EngineFixture.full(), afterPages(1));
    var before = db.query("SELECT * FROM subscriptions ORDER BY id");
    f.emulator.resetCounters();

    RunReport second = engine.run(EngineFixture.full());

    assertThat(second.status()).isEqualTo("aborted");
    assertThat(second.abortReason()).contains(paused.runId()).contains("resumeRunId");
    assertThat(db.query("SELECT * FROM subscriptions ORDER BY id")).isEqualTo(before);
    assertThat(f.emulator.totalRequests()).isZero();
    // dry runs and targeted runs are not in its way, and the paused run still finishes
    assertThat(engine.run(EngineFixture.dryRun()).status()).isEqualTo("succeeded");
    assertThat(finish(engine, paused).status()).isEqualTo("succeeded");
  }

  @Test
  void aResumeThatFindsTheLockTakenStaysWaitingAndLeavesTheRowAlone() throws Exception {
    f = scenario();
    RunStarter engine = f.engine(EngineFixture.RULES, db.dataSource(), MAX_RPS);
    RunReport paused = engine.run(EngineFixture.full(), afterPages(1));
    var rowBefore = db.query("SELECT * FROM reconciliation_runs WHERE id = ?", paused.runId());

    RunReport blocked;
    try (RunLock ignored = ((RunLock.LockAttempt.Acquired) RunLock.tryAcquire(db.dataSource())).lock()) {
      blocked = engine.run(RunRequest.resume(RunRequest.Trigger.MANUAL, paused.runId()), afterPages(1));
    }

    assertThat(blocked.status()).isEqualTo("running");
    assertThat(blocked.resumeRunId()).isEqualTo(paused.runId());
    assertThat(blocked.warnings()).anyMatch(w -> w.contains("another run is in progress"));
    assertThat(db.query("SELECT * FROM reconciliation_runs WHERE id = ?", paused.runId())).isEqualTo(rowBefore);
    assertThat(finish(engine, paused).status()).isEqualTo("succeeded");
  }

  // ---- scenario -------------------------------------------------------------------------------------------

  private record Outcome(
      List<RunReport> reports, List<Map<String, Object>> subscriptions, List<Map<String, Object>> organizations,
      List<Map<String, Object>> changes, long requests) {}

  @FunctionalInterface
  private interface Driver {
    List<RunReport> run(RunStarter engine);
  }

  private Outcome reconcile(Driver driver) {
    if (f != null) {
      f.close();
    }
    f = scenario();
    f.emulator.resetCounters();
    List<RunReport> reports = driver.run(f.engine(EngineFixture.RULES, db.dataSource(), MAX_RPS));
    return new Outcome(
        reports,
        db.query("SELECT organization_id, stripe_subscription_id, stripe_customer_id, stripe_price_id, plan_tier,"
            + " status, quantity, current_period_start, current_period_end, cancel_at_period_end, cancel_at,"
            + " canceled_at, ended_at, trial_start, trial_end, metadata, archive_reason, archived_at IS NULL live,"
            + " version FROM subscriptions ORDER BY organization_id, stripe_subscription_id"),
        db.query("SELECT id, plan_tier, subscription_status FROM organizations ORDER BY id"),
        db.query("SELECT entity, stripe_id, action, field, old_value, applied,"
            // archived_at is the run's own time, which differs between the two runs
            + " CASE WHEN field = 'archived_at' THEN 'run time' ELSE new_value END new_value FROM reconciliation_changes"
            + " WHERE run_id = ? ORDER BY entity, stripe_id, field, action",
            reports.get(reports.size() - 1).runId()),
        f.emulator.totalRequests());
  }

  /**
   * An account with several listing pages (subscriptions share creation seconds in groups of 7, so pages end in
   * the middle of a second) and drift of every kind: changed prices and statuses, missing rows, rows without a
   * subscription id, orphans by unknown id and by a subscription Stripe removed.
   */
  private EngineFixture scenario() {
    EngineFixture fixture = new EngineFixture(db);
    fixture.account.setNow(NOW);
    long base = NOW - 300L * 86_400;
    List<String> subscriptions = new ArrayList<>();
    for (int i = 1; i <= ORGANIZATIONS; i++) {
      String customer = fixture.customerWithOrganization(i);
      subscriptions.add(fixture.account.createSubscription(SubscriptionSpec.forCustomer(customer)
          .price(i % 3 == 0 ? fixture.teamPrice : fixture.proPrice).status(SubscriptionStatus.ACTIVE)
          .created(base + (i / 7) * 3_600L)));
      if (i % 4 == 0) {
        subscriptions.add(fixture.account.createSubscription(SubscriptionSpec.forCustomer(customer)
            .price(fixture.basicPrice).status(SubscriptionStatus.TRIALING).created(base + (i / 7) * 3_600L)));
      }
    }
    fixture.engine().run(EngineFixture.full()); // the rows, as a first run made them
    for (int i = 0; i < subscriptions.size(); i++) {
      String sub = subscriptions.get(i);
      switch (i % 13) {
        case 1 -> fixture.account.changePrice(sub, fixture.teamPrice);
        case 2 -> fixture.account.cancelNow(sub);
        case 3 -> db.execute("DELETE FROM subscriptions WHERE stripe_subscription_id = ?", sub);
        case 4 -> db.execute("UPDATE subscriptions SET quantity = 7 WHERE stripe_subscription_id = ?", sub);
        default -> { }
      }
      if (i % 60 == 7) {
        db.execute("UPDATE subscriptions SET stripe_subscription_id = NULL WHERE stripe_subscription_id = ?", sub);
      }
    }
    for (int i = 0; i < 3; i++) {
      db.execute("INSERT INTO subscriptions (organization_id, stripe_subscription_id, status) VALUES (?, ?, 'active')",
          10 + i * 90, "sub_gone" + i);
    }
    fixture.account.removeSubscription(subscriptions.get(50));
    fixture.account.removeSubscription(subscriptions.get(251));
    return fixture;
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  /** A deadline that passes after {@code pages} listing pages of one invocation. */
  private static Deadline afterPages(int pages) {
    AtomicInteger asked = new AtomicInteger();
    return () -> asked.incrementAndGet() >= pages;
  }

  /** A full run driven like the state machine does: invoke again while it says running. */
  private static List<RunReport> inInvocations(RunStarter engine, int pagesPerInvocation) {
    List<RunReport> reports = new ArrayList<>();
    RunReport report = engine.run(EngineFixture.full(), afterPages(pagesPerInvocation));
    reports.add(report);
    while (report.status().equals("running") && reports.size() < 50) {
      report = engine.run(RunRequest.resume(RunRequest.Trigger.CLI, report.resumeRunId()),
          afterPages(pagesPerInvocation));
      reports.add(report);
    }
    return reports;
  }

  private static RunReport finish(RunStarter engine, RunReport paused) {
    List<RunReport> reports = new ArrayList<>();
    RunReport report = paused;
    while (report.status().equals("running") && reports.size() < 50) {
      report = engine.run(RunRequest.resume(RunRequest.Trigger.CLI, report.resumeRunId()), Deadline.none());
      reports.add(report);
    }
    return report;
  }

  private static List<Long> counts(RunReport r) {
    return List.of(r.totalSubscriptions(), r.skipped(), r.synchronized_(), r.created(), r.archived(), r.unlinked(),
        r.errors(), r.totalOrganizations());
  }
}
