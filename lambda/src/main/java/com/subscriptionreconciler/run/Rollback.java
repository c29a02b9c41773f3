package com.subscriptionreconciler.run;

import com.subscriptionreconciler.plan.AppliedChange;
import com.subscriptionreconciler.plan.CurrentEntity;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.RollbackPlan;
import com.subscriptionreconciler.plan.RollbackPlanner;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.store.AppliedWrite;
import com.subscriptionreconciler.store.AuditReads;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.store.PlanWriter;
import com.subscriptionreconciler.store.StatementCounter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Undoes one run (SPEC §6.8) as a run of its own: the pure {@link RollbackPlanner} decides, row by row, what can
 * be restored and what must be refused because it changed since; restores are written with the same conditional
 * writes and audit trail as any reconciliation, so a rollback can itself be rolled back.
 */
final class Rollback {
  private final DataSource dataSource;
  private final StatementCounter statements;
  private final Clock clock;
  private final BillingSchema schema;

  Rollback(DataSource dataSource, StatementCounter statements, Clock clock, BillingSchema schema) {
    this.schema = schema;
    this.dataSource = dataSource;
    this.statements = statements;
    this.clock = clock;
  }

  void run(String targetRunId, boolean dryRun, RunReportBuilder report) throws Exception {
    Instant now = clock.instant();
    AuditReads audit = new AuditReads(dataSource, statements);
    BillingReads reads = new BillingReads(dataSource, statements, schema);
    List<AppliedChange> applied = audit.appliedChanges(targetRunId);

    List<CurrentEntity> current = new ArrayList<>();
    reads.subscriptionsByIds(idsOf(applied, Entity.SUBSCRIPTION)).forEach(r -> current.add(CurrentEntity.of(r)));
    reads.organizationsByIds(idsOf(applied, Entity.ORGANIZATION)).forEach(o -> current.add(CurrentEntity.of(o)));
    RollbackPlan plan = new RollbackPlanner(now).plan(applied, current);

    RunTally tally = new RunTally();
    long errors = plan.refusals().size();
    plan.refusals().forEach(r -> report.warning("refused: " + r.message()));
    PlanWriter writer = new PlanWriter(dataSource, statements, schema);
    for (List<EntityChange> batch : ScanContext.chunks(plan.restores(), PlanApplication.WRITE_BATCH)) {
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
        report.warning("error: " + r.change().entity().wireName() + " " + r.change().entityId() + ": " + r.reason());
      }
      for (EntityChange lost : outcome.conflicts()) {
        errors++;
        report.warning("refused: " + lost.entity().wireName() + " " + lost.entityId() + " changed during the rollback");
      }
    }
    report.applied(tally, current.size(), errors);
  }

  private static Set<Long> idsOf(List<AppliedChange> changes, Entity entity) {
    return changes.stream().filter(c -> c.entity() == entity).map(AppliedChange::entityId).collect(Collectors.toSet());
  }
}
