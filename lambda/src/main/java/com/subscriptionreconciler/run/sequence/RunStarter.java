package com.subscriptionreconciler.run.sequence;

import com.subscriptionreconciler.config.AccountScope;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.observability.RunLogContext;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.Deadline;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.run.NotResumableException;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.StripeSide;
import com.subscriptionreconciler.run.lifecycle.AccountRuns;
import com.subscriptionreconciler.run.lifecycle.DatabaseUnreachable;
import com.subscriptionreconciler.run.lifecycle.ResumeState;
import com.subscriptionreconciler.run.lifecycle.ResumeStateCodec;
import com.subscriptionreconciler.run.lifecycle.RunIds;
import com.subscriptionreconciler.run.lifecycle.RunLifecycle;
import com.subscriptionreconciler.run.lifecycle.RunReportBuilder;
import com.subscriptionreconciler.run.lifecycle.WaitingRunPolicy;
import com.subscriptionreconciler.run.rollback.Rollback;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.store.RunHistory;
import com.subscriptionreconciler.store.RunRecords;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.store.StoredRun;
import com.subscriptionreconciler.stripe.PacedHttpClient;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's entry point: starts a run, resumes a paused one, or rolls one back. Each gets a run id, a
 * {@link RunLifecycle} (the lock and the run row) and a body: a {@link RunSequencer} (collect, guard, apply,
 * derive, record) or a {@link Rollback}. Every outcome, a failure included, ends with the run row written and a
 * report returned.
 *
 * <p>Resumable full runs: given a {@link Deadline}, a full run that reaches it stops listing, applies what it
 * planned, stores where it stands in its run row ({@link ResumeState}) and reports {@code running}; a request
 * with {@code resumeRunId} takes the lock again and continues it ({@link WaitingRunPolicy} says which runs may
 * be resumed, and what a fresh full run does while one waits).
 */
public final class RunStarter implements Engine {
  private static final Logger LOG = LoggerFactory.getLogger(RunStarter.class);

  private final DataSource dataSource;
  private final PacedHttpClient transport;
  private final Clock clock;
  private final StatementCounter statements = new StatementCounter();
  private final RunIds runIds;
  private final WaitingRunPolicy waitingRuns;
  private final RunSequencer sequencer;
  private final Rollback rollbacks;
  private final AccountScope account;

  public RunStarter(DataSource dataSource, StripeSide stripe, ReconcileRules rules, Clock clock) {
    this(dataSource, BillingSchema.product(), stripe, rules, clock);
  }

  /** @param schema where the billing tables are ({@code SCHEMA_MAP}, resolved against the catalogue) */
  public RunStarter(
      DataSource dataSource, BillingSchema schema, StripeSide stripe, ReconcileRules rules, Clock clock) {
    this.dataSource = dataSource;
    this.transport = stripe.transport();
    this.clock = clock;
    this.runIds = new RunIds(clock);
    // with several Stripe accounts, the schema reads one account's rows; runs, lock and checkpoint follow it
    this.account = schema.accountScope();
    this.waitingRuns = new WaitingRunPolicy(
        new RunHistory(dataSource, statements).scopedTo(account), new RunRecords(dataSource, statements));
    this.sequencer = new RunSequencer(dataSource, schema, statements, stripe, rules);
    this.rollbacks = new Rollback(dataSource, clock, statements, runIds, schema);
  }

  /** SQL statements sent so far by this engine (for benchmarks and tests). */
  public long statementsSent() {
    return statements.count();
  }

  @Override
  public RunReport run(RunRequest request) {
    return run(request, Deadline.none());
  }

  @Override
  public RunReport run(RunRequest request, Deadline deadline) {
    if (request.resumeRunId() != null) {
      return resume(request, deadline);
    }
    String runId = runIds.next();
    try (RunLogContext ignored = RunLogContext.bind(runId)) {
      RunReportBuilder report = RunReportBuilder.of(runId, request, clock.instant()).account(account.label());
      LOG.info("Reconciliation started: mode={} dryRun={} targeted={}", request.mode().wireName(), request.dryRun(),
          request.targeted());
      RunLifecycle.Body body = gate -> sequencer.run(request, report, deadline, Optional.empty(), gate);
      if (request.trigger() == Trigger.EVENT && request.targeted()) {
        return lifecycle(report).runBesideOtherRuns(body);
      }
      return lifecycle(report).runNew(body);
    }
  }

  /** Continues a paused full run with the settings it started with. */
  private RunReport resume(RunRequest request, Deadline deadline) {
    StoredRun stored = resumable(request.resumeRunId());
    ResumeState state = decode(stored);
    try (RunLogContext ignored = RunLogContext.bind(stored.id())) {
      Trigger trigger = Trigger.fromWireName(stored.summary().trigger()).orElseThrow(() -> new NotResumableException(
          "cannot resume run " + stored.id() + ": its trigger '" + stored.summary().trigger() + "' is unknown to"
              + " this version (was it recorded by a newer one?)"));
      boolean dryRun = stored.summary().dryRun();
      RunRequest continued = new RunRequest(trigger, Mode.FULL, dryRun, state.force(), List.of(),
          List.of(), List.of(), stored.id());
      RunReportBuilder report = RunReportBuilder.of(stored.id(), trigger, Mode.FULL, dryRun,
          stored.summary().startedAt()).carry(state.totals()).account(account.label());
      LOG.info("Reconciliation resumed: invocation {}, {} created ranges left", state.invocations() + 1,
          state.remaining().size());
      return lifecycle(report).resume(
          () -> {
            // under the lock: another invocation may have continued or finished the run since it was read
            if (!resumable(stored.id()).resumeState().equals(stored.resumeState())) {
              throw new NotResumableException("run " + stored.id() + " was continued by another invocation meanwhile");
            }
          },
          gate -> sequencer.run(continued, report, deadline, Optional.of(state), gate));
    }
  }

  private StoredRun resumable(String runId) {
    try {
      return waitingRuns.resumable(runId, clock.instant());
    } catch (SQLException e) {
      throw DatabaseUnreachable.of(e);
    }
  }

  private static ResumeState decode(StoredRun run) {
    try {
      return ResumeStateCodec.decode(run.resumeState().orElseThrow());
    } catch (IllegalArgumentException e) {
      throw new NotResumableException(
          "cannot resume run " + run.id() + ": " + e.getMessage() + "; start a new full run instead");
    }
  }

  @Override
  public RunReport rollback(String runId, boolean dryRun, Trigger trigger) {
    return rollbacks.rollback(runId, dryRun, trigger);
  }

  private RunLifecycle lifecycle(RunReportBuilder report) {
    return new RunLifecycle(
        new AccountRuns(dataSource, statements, account), clock, transport::requestsSent, report);
  }

}
