package com.subscriptionreconciler.run.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.config.AccountScope;
import com.subscriptionreconciler.db.RunLock;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.NotResumableException;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.testing.HandClock;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle's outcomes with bodies written here: which status each path reports and what it leaves in the run
 * row. The lock and the row are the database's, so this runs against the real one; Stripe is not involved.
 */
@RealDatabase
class RunLifecycleTest {
  private static final Instant STARTED = Instant.parse("2026-12-07T10:00:00Z");

  private final TestDatabase db;
  private final HandClock clock = new HandClock(STARTED);
  /** Stripe requests the engine has sent since it started: 40 before this run. */
  private final AtomicLong stripeRequests = new AtomicLong(40);
  private final AtomicBoolean bodyRan = new AtomicBoolean();

  RunLifecycleTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void emptyTables() {
    db.truncateAll();
  }

  private RunLifecycle lifecycle(String runId) {
    RunReportBuilder report = RunReportBuilder.of(runId, RunRequest.full(Trigger.SCHEDULE), STARTED);
    return new RunLifecycle(new AccountRuns(db.dataSource(), new StatementCounter(), AccountScope.single()), clock,
        stripeRequests::get, report);
  }

  /** A body that takes two seconds and seven Stripe requests, and finishes. */
  private Optional<ResumeState> finishes() {
    bodyRan.set(true);
    clock.advance(Duration.ofSeconds(2));
    stripeRequests.addAndGet(7);
    return Optional.empty();
  }

  /** The lock as another session (another run) holds it. */
  private RunLock takeTheLock() throws Exception {
    return ((RunLock.LockAttempt.Acquired) RunLock.tryAcquire(db.dataSource())).lock();
  }

  private Map<String, Object> row(String runId) {
    return db.query("SELECT status, error, resume_state, finished_at FROM reconciliation_runs WHERE id = ?", runId)
        .get(0);
  }

  @Test
  void aRunThatFinishesSucceedsCountsItsOwnRequestsAndReleasesTheLock() throws Exception {
    RunReport report = lifecycle("run-ok").runNew(gate -> finishes());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.durationMs()).isEqualTo(2_000);
    assertThat(report.stripeRequests()).as("47 sent, 40 before the run").isEqualTo(7);
    assertThat(row("run-ok")).containsEntry("status", "succeeded").containsEntry("resume_state", null);
    RunLock.LockAttempt after = RunLock.tryAcquire(db.dataSource());
    assertThat(after).as("the lock is free again").isInstanceOf(RunLock.LockAttempt.Acquired.class);
    ((RunLock.LockAttempt.Acquired) after).lock().close();
  }

  @Test
  void aNewRunThatFindsTheLockTakenIsAbortedAndRecordedWithoutRunningItsBody() throws Exception {
    RunReport report;
    try (RunLock held = takeTheLock()) {
      report = lifecycle("run-second").runNew(gate -> finishes());
    }

    assertThat(bodyRan).isFalse();
    assertThat(report.status()).isEqualTo(RunStatus.ABORTED);
    assertThat(report.abortReason()).startsWith("another run is in progress: another session holds the lock"
        + " 'subscription_reconciler.");
    assertThat(row("run-second")).containsEntry("status", "aborted");
  }

  @Test
  void aResumeThatFindsTheLockTakenStaysWaitingAndLeavesTheRowAlone() throws Exception {
    RunReport report;
    try (RunLock held = takeTheLock()) {
      report = lifecycle("run-paused").resume(() -> { }, gate -> finishes());
    }

    assertThat(bodyRan).isFalse();
    assertThat(report.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(report.resumeRunId()).isEqualTo("run-paused");
    assertThat(report.warnings()).singleElement().asString().startsWith("another run is in progress: ")
        .endsWith("; this run was not continued: invoke again with resumeRunId run-paused");
    assertThat(db.count("reconciliation_runs")).isZero();
  }

  @Test
  void aResumeThatAnotherInvocationContinuedMeanwhileIsRefusedToItsCaller() {
    RunLifecycle lifecycle = lifecycle("run-taken");

    assertThatThrownBy(() -> lifecycle.resume(() -> {
      throw new NotResumableException("run run-taken was continued by another invocation meanwhile");
    }, gate -> finishes())).isInstanceOf(NotResumableException.class)
        .hasMessage("run run-taken was continued by another invocation meanwhile");
    assertThat(bodyRan).isFalse();
  }

  @Test
  void aBodyThatThrowsFailsTheRunWithItsCauseInOneLine() {
    RunReport report = lifecycle("run-broken").runNew(gate -> {
      throw new IllegalStateException("the plan had no end");
    });

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error()).isEqualTo("IllegalStateException: the plan had no end");
    assertThat(row("run-broken")).containsEntry("status", "failed")
        .containsEntry("error", "IllegalStateException: the plan had no end");
  }

  @Test
  void aBodyThatStopsAtItsDeadlineLeavesTheRunRunningWithWhereItStands() {
    ResumeState stoppedAt = new ResumeState(1, false, List.of(), new long[] {3L, 5L}, List.of("sub_deferred"),
        List.of(), null, List.of());

    RunReport report = lifecycle("run-long").runNew(gate -> Optional.of(stoppedAt));

    assertThat(report.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(report.resumeRunId()).isEqualTo("run-long");
    Map<String, Object> row = row("run-long");
    assertThat(row).containsEntry("status", "running").containsEntry("finished_at", null);
    ResumeState stored = ResumeStateCodec.decode((String) row.get("resume_state"));
    assertThat(stored.seen()).containsExactly(3L, 5L);
    assertThat(stored.deferredSubscriptionIds()).containsExactly("sub_deferred");
  }

  @Test
  void anEventRunGoesAheadBesideARunHoldingTheLock() throws Exception {
    RunReport report;
    try (RunLock held = takeTheLock()) {
      report = lifecycle("run-event").runBesideOtherRuns(gate -> finishes());
    }

    assertThat(bodyRan).isTrue();
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(row("run-event")).containsEntry("status", "succeeded");
  }
}
