package com.subscriptionreconciler.run.derive;

import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.OrganizationPlanner;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.run.apply.PlanApplication;
import com.subscriptionreconciler.run.collect.PlanCollector;
import com.subscriptionreconciler.run.collect.ScanContext;
import com.subscriptionreconciler.store.BillingReads;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The derive stage, and the one place organizations are derived from their subscriptions: the full run's
 * prescreen ({@link OrganizationPrescreen}) asks {@link #asTheyAre} while the listing waits, and after the run's
 * subscription writes {@link #deriveAndWrite} derives each affected organization again and writes (or, in a dry
 * run, records) its tier and status. In a full run the affected ones are those the prescreen flagged (finishing it
 * first if the listing left it undone) and those the run touched; otherwise the touched ones.
 */
public final class OrganizationDerivation {
  static final int ORGANIZATION_PAGE = 500;

  private final BillingReads reads;
  private final OrganizationPlanner planner;
  private final PlanApplication application;
  private final PlanCollector collector;
  private final boolean dryRun;

  public OrganizationDerivation(
      BillingReads reads, OrganizationPlanner planner, PlanApplication application, PlanCollector collector,
      boolean dryRun) {
    this.reads = reads;
    this.planner = planner;
    this.application = application;
    this.collector = collector;
    this.dryRun = dryRun;
  }

  /** The organizations' derivation from their rows as they are now, with the customers known deleted so far. */
  Plan asTheyAre(List<OrganizationRow> organizations) throws SQLException {
    return derive(organizations, List.of());
  }

  /**
   * @param prescreen present only in a full run
   * @param subscriptionChanges the run's planned subscription changes: a dry run wrote none of them, so they are
   *     laid over the rows it derives from, and a dry run and a real run derive the same values
   * @return how many distinct organizations were checked, screened ones included
   */
  public long deriveAndWrite(
      Optional<OrganizationPrescreen> prescreen, Set<Long> touched, List<EntityChange> subscriptionChanges)
      throws SQLException {
    Map<Long, List<EntityChange>> planned = subscriptionChanges.stream()
        .filter(c -> c.organizationId() != null)
        .collect(Collectors.groupingBy(EntityChange::organizationId));
    Set<Long> derive = new TreeSet<>(touched);
    long checked = 0;
    if (prescreen.isPresent()) {
      prescreen.get().finish();
      derive.addAll(prescreen.get().flagged());
      checked += prescreen.get().screenedCount();
    }
    for (List<Long> chunk : ScanContext.chunks(List.copyOf(derive), ORGANIZATION_PAGE)) {
      List<OrganizationRow> orgs = reads.organizationsByIds(chunk);
      write(orgs, planned);
      checked += orgs.stream().filter(o -> prescreen.isEmpty() || !prescreen.get().screened(o)).count();
    }
    return checked;
  }

  /** Derives and writes one page; an organization that changed under the write is derived again once, fresh. */
  private void write(Collection<OrganizationRow> orgs, Map<Long, List<EntityChange>> plannedByOrganization)
      throws SQLException {
    if (orgs.isEmpty()) {
      return;
    }
    List<EntityChange> overlay =
        dryRun
            ? orgs.stream().flatMap(o -> plannedByOrganization.getOrDefault(o.id(), List.of()).stream()).toList()
            : List.of();
    Plan plan = derive(List.copyOf(orgs), overlay);
    if (dryRun) {
      application.recordOnly(plan.changes());
      return;
    }
    List<EntityChange> conflicts = application.applyOrganizations(plan.changes());
    if (conflicts.isEmpty()) {
      return;
    }
    Plan retry = asTheyAre(reads.organizationsByIds(conflicts.stream().map(EntityChange::entityId).toList()));
    for (EntityChange lost : application.applyOrganizations(retry.changes())) {
      collector.error(lost, "organization kept changing; left as is");
    }
  }

  private Plan derive(List<OrganizationRow> orgs, List<EntityChange> overlay) throws SQLException {
    Map<Long, List<SubscriptionRow>> rows =
        reads.subscriptionsByOrganization(orgs.stream().map(OrganizationRow::id).toList());
    return planner.plan(orgs, rows, overlay, collector.deletedCustomers());
  }
}
