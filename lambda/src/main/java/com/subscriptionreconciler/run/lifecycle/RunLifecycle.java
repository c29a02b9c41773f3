package com.subscriptionreconciler.run.lifecycle;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.config.AccountScope;
import com.subscriptionreconciler.db.RunLock;
import com.subscriptionreconciler.failure.ActionableFailure;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.run.NotResumableException;
import com.subscriptionreconciler.run.Redactor;
import com.subscriptionreconciler.run.apply.WriteGate;
import com.subscriptionreconciler.store.RunRecords;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's lock and run row, from taking the lock to writing the last word. One run at a time: a run that finds
 * the lock taken is recorded as aborted and touches nothing; a resumed run that finds it taken stays paused
 * (status {@code running}, its row untouched) for its caller to try again. Every outcome, a failure included,
 * ends in {@link #finish}: the one place the run row is written at the end and the report is built.
 */
public final class RunLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);

  /** Who writes the run row when the run ends, and how. */
  enum Row {
    /** No row yet (the run was refused before it started): finishing writes the whole row at once. */
    NOT_STARTED,
    /** This invocation owns the row: finishing writes the final report, or a paused run's progress. */
    OPEN,
    /**
     * The row is not this invocation's to write: the database could not be reached or the row not written, or a
     * paused run stays waiting for another invocation.
     */
    LEFT_ALONE
  }

  /** A step of the run that may fail; any failure of the body fails the run (it is reported, not thrown). */
  @FunctionalInterface
  public interface Step {
    void run() throws SQLException, StripeException, InterruptedException;
  }

  /**
   * The run's body: writes only after asking {@code gate} (is the lock still held?); returns where a run that
   * stopped at its deadline stands, empty when it finished.
   */
  @FunctionalInterface
  public interface Body {
    Optional<ResumeState> run(WriteGate gate) throws SQLException, StripeException, InterruptedException;
  }

  private final DataSource dataSource;
  private final RunRecords records;
  private final Clock clock;
  private final LongSupplier stripeRequests;
  private final RunReportBuilder report;
  private final AccountScope account;
  private final long requestsBefore;
  private Row row = Row.NOT_STARTED;
  /** The run stopped at its deadline: where it stands (its report says {@code running}). */
  private Optional<ResumeState> paused = Optional.empty();
  /** A resume that could not take the lock: the run still waits to be resumed, nothing was done this time. */
  private boolean stillWaiting;

  /** @param stripeRequests Stripe requests sent so far by this engine; the report counts this run's share */
  public RunLifecycle(AccountRuns runs, Clock clock, LongSupplier stripeRequests, RunReportBuilder report) {
    this.account = runs.account();
    this.dataSource = runs.dataSource();
    this.records = new RunRecords(runs.dataSource(), runs.statements());
    this.clock = clock;
    this.stripeRequests = stripeRequests;
    this.report = report;
    this.requestsBefore = stripeRequests.getAsLong();
  }

  /** A new run (or rollback): inserts its row under the lock, then runs {@code body}. */
  public RunReport runNew(Body body) {
    return run(false, () -> records.start(report.runId(), report.trigger(), report.mode(), report.dryRun(),
        report.startedAt(), report.rollbackOf(), report.account()), body);
  }

  /**
   * A new run that does not take the lock: the real-time path's event runs (trigger {@code event}). They re-read
   * only the objects their events name, and every write is conditional on the row's version (a lost race is
   * re-planned from fresh reads), so they are safe beside a full run or another event batch. Waiting for a full
   * run instead would hold events for as long as it takes, or cycle them into the dead-letter queue.
   */
  public RunReport runBesideOtherRuns(Body body) {
    try {
      records.start(report.runId(), report.trigger(), report.mode(), report.dryRun(), report.startedAt(),
          report.rollbackOf(), report.account());
      row = Row.OPEN;
    } catch (SQLException | RuntimeException e) {
      row = Row.LEFT_ALONE;
      return finish(report.failed("cannot record the run: " + Redactor.redact(e.getMessage())));
    }
    runReportingFailure(body, WriteGate.OPEN);
    return finish(report);
  }

  /** Runs the body; its failure fails the run and is reported, never thrown, the same on every path. */
  private void runReportingFailure(Body body, WriteGate gate) {
    try {
      paused = body.run(gate);
    } catch (WriteGate.RunLockLost e) {
      LOG.error("Reconciliation run stopped: {}", e.getMessage());
      report.failed(e.getMessage());
    } catch (Exception e) {
      // a failure that names its cause and fix says it in the operator's words; anything else keeps its type
      String message = Redactor.redact(
          e instanceof ActionableFailure ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage());
      // the cause in one line; the stack trace is for LOG_LEVEL=DEBUG only
      LOG.error("Reconciliation run failed: {}", message);
      LOG.debug("Reconciliation run failed", e);
      report.failed(message);
    }
  }

  /**
   * A paused run's next invocation: {@code stillWaiting} checks under the lock that no other invocation continued
   * it meanwhile (a {@link NotResumableException} from it is thrown to the caller), then runs {@code body}.
   */
  public RunReport resume(Step stillWaiting, Body body) {
    return run(true, stillWaiting, body);
  }

  private RunReport run(boolean resuming, Step open, Body body) {
    RunLock.LockAttempt attempt;
    try {
      attempt = RunLock.tryAcquire(dataSource, account);
    } catch (SQLException e) {
      row = Row.LEFT_ALONE;
      return finish(report.failed(DatabaseUnreachable.message(e)));
    }
    if (attempt instanceof RunLock.LockAttempt.Held held) {
      if (resuming) {
        row = Row.LEFT_ALONE;
        stillWaiting = true;
        report.warning("another run is in progress: " + held.holder().describe()
            + "; this run was not continued: invoke again with resumeRunId " + report.runId());
      } else {
        report.aborted("another run is in progress: " + held.holder().describe());
      }
      return finish(report);
    }
    try (RunLock lock = ((RunLock.LockAttempt.Acquired) attempt).lock()) {
      records.markInterrupted(report.runId(), clock.instant());
      open.run();
      row = Row.OPEN;
      runReportingFailure(body, WriteGate.holding(lock));
      return finish(report);
    } catch (NotResumableException e) {
      throw e;
    } catch (Exception e) {
      row = Row.LEFT_ALONE;
      return finish(report.failed("cannot record the run: " + Redactor.redact(e.getMessage())));
    }
  }

  private RunReport finish(RunReportBuilder builder) {
    RunReport finished =
        builder.build(clock.instant(), stripeRequests.getAsLong() - requestsBefore, paused.isPresent() || stillWaiting);
    try {
      switch (row) {
        case NOT_STARTED -> {
          records.start(finished.runId(), finished.trigger(), finished.mode(), finished.dryRun(),
              finished.startedAt(), builder.rollbackOf(), finished.account());
          records.finish(finished);
        }
        case OPEN -> {
          if (paused.isPresent() && finished.status() == RunStatus.RUNNING) {
            records.checkpoint(finished, ResumeStateCodec.encode(paused.get().withTotals(builder.soFar(finished))));
          } else {
            records.finish(finished);
          }
        }
        case LEFT_ALONE -> { }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.error("Could not write the run row for {}: {}", finished.runId(), Redactor.redact(e.getMessage()));
      LOG.debug("Could not write the run row for {}", finished.runId(), e);
    }
    // written once: a failure after this point (closing the lock) must not write the row again
    row = Row.LEFT_ALONE;
    return finished;
  }
}
