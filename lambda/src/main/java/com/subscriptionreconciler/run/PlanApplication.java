package com.subscriptionreconciler.run;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.OrganizationPlanner;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.store.AppliedWrite;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.store.PlanWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The apply phase of a run: writes the plan in batched transactions (or, in a dry run, only records it), re-plans
 * rows the application changed under us, and derives organizations from their subscriptions afterwards.
 */
final class PlanApplication {
  static final int WRITE_BATCH = 100;
  static final int ORGANIZATION_PAGE = 500;

  /** Re-plans subscriptions from fresh Stripe and database reads, after a conditional write lost a race. */
  @FunctionalInterface
  interface Replanner {
    Plan replan(Set<String> subscriptionIds) throws SQLException, StripeException;
  }

  private final String runId;
  private final Instant now;
  private final boolean dryRun;
  private final PlanWriter writer;
  private final BillingReads reads;
  private final OrganizationPlanner organizations;
  private final ChangeTally tally;
  private final PlanCollector collector;
  private final WriteGate gate;

  PlanApplication(
      String runId, Instant now, boolean dryRun, PlanWriter writer, BillingReads reads,
      OrganizationPlanner organizations, ChangeTally tally, PlanCollector collector, WriteGate gate) {
    this.gate = gate;
    this.runId = runId;
    this.now = now;
    this.dryRun = dryRun;
    this.writer = writer;
    this.reads = reads;
    this.organizations = organizations;
    this.tally = tally;
    this.collector = collector;
  }

  /** Records the plan without touching a billing row (dry run, or a run the safety guard aborted). */
  void recordOnly(List<EntityChange> changes) throws SQLException {
    for (List<EntityChange> batch : ScanContext.chunks(changes, WRITE_BATCH)) {
      gate.beforeWriting();
      writer.recordPlanned(runId, batch, now);
    }
    tally.recordAll(changes);
  }

  /** Applies subscription changes; a change that lost a race is re-planned once from fresh reads. */
  Set<Long> applySubscriptions(List<EntityChange> changes, Replanner replanner) throws SQLException, StripeException {
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

  /**
   * Derives each organization's tier and status from its subscriptions. In a real run the subscriptions are
   * already written, so the rows are read as they now are; in a dry run the planned subscription changes are
   * laid over the rows instead, so both derive the same values.
   */
  /** Planned subscription changes by organization, indexed once per run for the dry-run overlay. */
  static Map<Long, List<EntityChange>> byOrganization(List<EntityChange> subscriptionChanges) {
    return subscriptionChanges.stream()
        .filter(c -> c.organizationId() != null)
        .collect(Collectors.groupingBy(EntityChange::organizationId));
  }

  void deriveOrganizations(
      Collection<OrganizationRow> orgs, Map<Long, List<EntityChange>> plannedByOrganization,
      Set<String> deletedCustomers) throws SQLException {
    if (orgs.isEmpty()) {
      return;
    }
    Map<Long, List<SubscriptionRow>> rows = reads.subscriptionsByOrganization(ids(orgs));
    List<EntityChange> overlay =
        dryRun
            ? orgs.stream().flatMap(o -> plannedByOrganization.getOrDefault(o.id(), List.of()).stream()).toList()
            : List.of();
    Plan plan = organizations.plan(List.copyOf(orgs), rows, overlay, deletedCustomers);
    if (dryRun) {
      recordOnly(plan.changes());
      return;
    }
    List<EntityChange> conflicts = write(plan.changes(), new HashSet<>());
    if (conflicts.isEmpty()) {
      return;
    }
    List<OrganizationRow> fresh =
        reads.organizationsByIds(conflicts.stream().map(EntityChange::entityId).toList());
    Plan retry = organizations.plan(fresh, reads.subscriptionsByOrganization(ids(fresh)), List.of(), deletedCustomers);
    for (EntityChange lost : write(retry.changes(), new HashSet<>())) {
      collector.error(lost, "organization kept changing; left as is");
    }
  }

  private static List<Long> ids(Collection<OrganizationRow> orgs) {
    return orgs.stream().map(OrganizationRow::id).toList();
  }
}
