package com.subscriptionreconciler.run.apply;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.run.collect.PlanCollector;
import com.subscriptionreconciler.run.collect.ScanContext;
import com.subscriptionreconciler.store.AppliedWrite;
import com.subscriptionreconciler.store.PlanWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The apply stage of a run: writes the plan in batched transactions (or, in a dry run or an aborted run, only
 * records it), and re-plans rows that changed under us. Asks the run's {@link WriteGate} before every batch.
 */
public final class PlanApplication {
  public static final int WRITE_BATCH = 100;

  /** Re-plans subscriptions from fresh Stripe and database reads, after a conditional write lost a race. */
  @FunctionalInterface
  public interface Replanner {
    Plan replan(Set<String> subscriptionIds) throws SQLException, StripeException;
  }

  private final String runId;
  private final Instant now;
  private final PlanWriter writer;
  private final ChangeTally tally = new ChangeTally();
  private final PlanCollector collector;
  private final WriteGate gate;

  /** @param now the run's start: the audit rows' time */
  public PlanApplication(
      String runId, Instant now, PlanWriter writer, PlanCollector collector, WriteGate gate) {
    this.gate = gate;
    this.runId = runId;
    this.now = now;
    this.writer = writer;
    this.collector = collector;
  }

  /** What this invocation wrote (or, dry or aborted, recorded), for the report. */
  public ChangeTally tally() {
    return tally;
  }

  /** Records the plan without touching a billing row (dry run, or a run the safety guard aborted). */
  public void recordOnly(List<EntityChange> changes) throws SQLException {
    for (List<EntityChange> batch : ScanContext.chunks(changes, WRITE_BATCH)) {
      gate.beforeWriting();
      writer.recordPlanned(runId, batch, now);
    }
    tally.recordAll(changes);
  }

  /** Applies subscription changes; a change that lost a race is re-planned once from fresh reads. */
  public Set<Long> applySubscriptions(List<EntityChange> changes, Replanner replanner) throws SQLException, StripeException {
    Set<Long> touched = new HashSet<>();
    List<EntityChange> conflicts = write(changes, touched);
    if (conflicts.isEmpty()) {
      return touched;
    }
    Set<String> ids = conflicts.stream().map(EntityChange::stripeId).collect(Collectors.toSet());
    Plan replanned = replanner.replan(ids);
    List<EntityChange> secondConflicts = write(replanned.changesOf(Entity.SUBSCRIPTION), touched);
    for (EntityChange lost : secondConflicts) {
      collector.error(lost, "row kept changing while the run wrote it; left as is");
    }
    return touched;
  }

  private List<EntityChange> write(List<EntityChange> changes, Set<Long> touched) throws SQLException {
    List<EntityChange> conflicts = new ArrayList<>();
    for (List<EntityChange> batch : ScanContext.chunks(changes, WRITE_BATCH)) {
      gate.beforeWriting();
      PlanWriter.BatchOutcome outcome = writer.apply(runId, batch, now);
      for (AppliedWrite w : outcome.applied()) {
        tally.record(w.change(), w.rowId());
        if (w.change().organizationId() != null) {
          touched.add(w.change().organizationId());
        }
      }
      conflicts.addAll(outcome.conflicts());
      for (PlanWriter.RefusedWrite r : outcome.refused()) {
        collector.error(r.change(), "database refused the write: " + r.reason());
      }
    }
    return conflicts;
  }

  /** Writes organization changes; returns the ones that lost a race (their row changed since it was read). */
  public List<EntityChange> applyOrganizations(List<EntityChange> changes) throws SQLException {
    return write(changes, new HashSet<>());
  }
}
