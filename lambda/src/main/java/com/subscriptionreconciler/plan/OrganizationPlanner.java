package com.subscriptionreconciler.plan;

import com.subscriptionreconciler.config.ReconcileRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The organization step of a run: for each touched organization, project its rows through the run's
 * subscription changes and derive its columns. Runs after all subscription batches of the run (or of one
 * organization's batches), so an organization whose subscriptions span batches is derived once, from all of
 * them.
 */
public final class OrganizationPlanner {
  private final OrganizationDeriver deriver;
  private final SubscriptionProjection projection;

  public OrganizationPlanner(ReconcileRules rules, Instant now) {
    this.deriver = new OrganizationDeriver(rules);
    this.projection = new SubscriptionProjection(now);
  }

  /**
   * @param organizations the touched organizations ({@link Plan#touchedOrganizationIds()})
   * @param rowsByOrganization their current rows, archived included (missing key = no rows)
   * @param subscriptionChanges the run's subscription changes (may include other organizations')
   * @param deletedCustomerIds Stripe customers known to be deleted
   * @return a plan of organization UPDATEs, only where a value differs
   */
  public Plan plan(
      List<OrganizationRow> organizations,
      Map<Long, List<SubscriptionRow>> rowsByOrganization,
      List<EntityChange> subscriptionChanges,
      Set<String> deletedCustomerIds) {
    List<EntityChange> changes = new ArrayList<>();
    for (OrganizationRow org : organizations) {
      List<SubscriptionRow> rows =
          projection.project(org.id(), rowsByOrganization.getOrDefault(org.id(), List.of()), subscriptionChanges);
      boolean deleted = org.stripeCustomerId() != null && deletedCustomerIds.contains(org.stripeCustomerId());
      deriver.derive(org, rows, deleted).ifPresent(changes::add);
    }
    return Plan.of(changes);
  }
}
