package com.subscriptionreconciler.run.rollback;

import com.subscriptionreconciler.config.AccountScope;
import com.subscriptionreconciler.config.AccountScopes;
import com.subscriptionreconciler.observability.RunLogContext;
import com.subscriptionreconciler.plan.ChangeRecord;
import com.subscriptionreconciler.plan.CurrentEntity;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.RollbackPlan;
import com.subscriptionreconciler.plan.RollbackPlanner;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.Redactor;
import com.subscriptionreconciler.run.Rollbacks;
import com.subscriptionreconciler.run.apply.ChangeTally;
import com.subscriptionreconciler.run.apply.PlanApplication;
import com.subscriptionreconciler.run.apply.WriteGate;
import com.subscriptionreconciler.run.collect.ScanContext;
import com.subscriptionreconciler.run.lifecycle.AccountRuns;
import com.subscriptionreconciler.run.lifecycle.DatabaseUnreachable;
import com.subscriptionreconciler.run.lifecycle.RunIds;
import com.subscriptionreconciler.run.lifecycle.RunLifecycle;
import com.subscriptionreconciler.run.lifecycle.RunReportBuilder;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.store.AppliedWrite;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.store.PlanWriter;
import com.subscriptionreconciler.store.RunHistory;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.store.StoredRun;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Undoes one run as a run of its own (see docs/reference.md, How it decides): the pure {@link RollbackPlanner}
 * decides, row by row, what can be restored, what is already back and what must be refused because it changed
 * since; restores are written with the same conditional writes and audit trail as any reconciliation, so a
 * rollback can itself be rolled back. It reads and writes only the database: it needs no Stripe key and sends
 * Stripe nothing.
 *
 * <p>With several Stripe accounts (docs/reference.md, Several Stripe accounts) a rollback runs as the account of the
 * run it undoes: it takes that account's lock, so it never runs beside that account's reconciliation, reads and
 * restores only that account's rows, and its run row and report carry that account.
 */
public final class Rollback implements Rollbacks {
  private final DataSource dataSource;
  private final Clock clock;
  private final StatementCounter statements;
  private final RunIds runIds;

  private final BillingSchema schema;
  private final AccountScopes accounts;

  /**
   * Rollback on its own, for callers that have a database but no Stripe key (the CLI's {@code rollback}).
   *
   * @param accounts the accounts it may run as ({@code STRIPE_ACCOUNTS}'s, read without any key)
   */
  public Rollback(DataSource dataSource, Clock clock, BillingSchema schema, AccountScopes accounts) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.statements = new StatementCounter();
    this.runIds = new RunIds(clock);
    this.schema = schema;
    this.accounts = accounts;
  }

  /**
   * An engine's rollbacks: they undo only runs of the account its {@code schema} is scoped to (every run, for
   * {@link AccountScope#single()}).
   */
  public Rollback(DataSource dataSource, Clock clock, StatementCounter statements, RunIds runIds, BillingSchema schema) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.statements = statements;
    this.runIds = runIds;
    this.schema = schema;
    this.accounts = AccountScopes.of(schema.accountScope());
  }

  /**
   * Rolls back {@code targetRunId}; see {@link Engine#rollback}.
   *
   * @throws IllegalArgumentException when no run has that id, or it belongs to an account this rollback cannot run
   *     as
   */
  @Override
  public RunReport rollback(String targetRunId, boolean dryRun, Trigger trigger) {
    AccountScope account = accountOf(targetRunId);
    String runId = runIds.next();
    try (RunLogContext ignored = RunLogContext.bind(runId)) {
      RunReportBuilder report = RunReportBuilder.of(runId, trigger, Mode.ROLLBACK, dryRun, clock.instant())
          .rollbackOf(targetRunId).account(account.label());
      // a rollback sends Stripe nothing, so its report counts no requests
      AccountRuns runs = new AccountRuns(dataSource, statements, account);
      return new RunLifecycle(runs, clock, () -> 0L, report)
          .runNew(gate -> {
            restore(targetRunId, dryRun, report, gate, account);
            return Optional.empty(); // a rollback never pauses
          });
    }
  }

  /** The account of the run to undo, which the rollback runs as. */
  private AccountScope accountOf(String targetRunId) {
    RunHistory history = new RunHistory(dataSource, statements);
    try {
      // the run's stripe_account is read only with STRIPE_ACCOUNTS: without it the column may not exist yet
      StoredRun target = (accounts.labelled() ? history.withAccounts() : history).find(targetRunId)
          .orElseThrow(() -> new IllegalArgumentException("no run with id '" + targetRunId + "'"));
      return accounts.ofRun(targetRunId, target.summary().account());
    } catch (SQLException e) {
      throw DatabaseUnreachable.of(e);
    }
  }

  private void restore(String targetRunId, boolean dryRun, RunReportBuilder report, WriteGate gate,
      AccountScope account) throws SQLException {
    Instant now = report.startedAt();
    BillingSchema accountSchema = schema.scopedTo(account);
    List<ChangeRecord> applied = new RunHistory(dataSource, statements).appliedChanges(targetRunId);
    List<CurrentEntity> current = currentRows(accountSchema, applied);
    // a row the run changed that is missing from the account's rows may have been relabelled since: say so
    List<CurrentEntity> anyAccount = account.labelled() && current.size() < rowCount(applied)
        ? currentRows(schema.scopedTo(AccountScope.single()), applied)
        : List.of();
    RollbackPlan plan = new RollbackPlanner(now).plan(applied, current, anyAccount);
    if (plan.nothingLeft()) {
      report.warning("nothing left to restore: every row run " + targetRunId + " changed already holds its value"
          + " from before that run (was it rolled back already?)");
    }

    ChangeTally tally = new ChangeTally();
    long errors = plan.refusals().size();
    plan.refusals().forEach(r -> report.warning("refused: " + r.message()));
    PlanWriter writer = new PlanWriter(dataSource, statements, accountSchema);
    for (List<EntityChange> batch : ScanContext.chunks(plan.restores(), PlanApplication.WRITE_BATCH)) {
      gate.beforeWriting();
      if (dryRun) {
        writer.recordPlanned(report.runId(), batch, now);
        tally.recordAll(batch);
        continue;
      }
      PlanWriter.BatchOutcome outcome = writer.apply(report.runId(), batch, now);
      for (AppliedWrite w : outcome.applied()) {
        tally.record(w.change(), w.rowId());
      }
      for (PlanWriter.RefusedWrite r : outcome.refused()) {
        errors++;
        report.itemError(RunReport.ItemError.ofRow(r.change().entity().wireName(), r.change().entityId(),
            Redactor.redact(r.reason())));
      }
      for (EntityChange lost : outcome.conflicts()) {
        errors++;
        report.warning("refused: " + lost.entity().wireName() + " " + lost.entityId() + " changed during the rollback");
      }
    }
    report.applied(tally, current.size(), errors);
  }

  private List<CurrentEntity> currentRows(BillingSchema rowsOf, List<ChangeRecord> applied) throws SQLException {
    BillingReads reads = new BillingReads(dataSource, statements, rowsOf);
    List<CurrentEntity> current = new ArrayList<>();
    reads.subscriptionsByIds(idsOf(applied, Entity.SUBSCRIPTION)).forEach(r -> current.add(CurrentEntity.of(r)));
    reads.organizationsByIds(idsOf(applied, Entity.ORGANIZATION)).forEach(o -> current.add(CurrentEntity.of(o)));
    return current;
  }

  private static int rowCount(List<ChangeRecord> applied) {
    return idsOf(applied, Entity.SUBSCRIPTION).size() + idsOf(applied, Entity.ORGANIZATION).size();
  }

  private static Set<Long> idsOf(List<ChangeRecord> changes, Entity entity) {
    return changes.stream()
        .filter(c -> Entity.parse(c.entity()) == entity)
        .map(ChangeRecord::entityId)
        .collect(Collectors.toSet());
  }
}
