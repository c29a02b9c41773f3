package com.subscriptionreconciler.run.collect;

import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionBatch;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.store.BillingReads;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The database state that belongs to some Stripe subscriptions, read in a fixed handful of set-based queries:
 * rows matched by subscription id, the organizations of their customers, and those organizations' rows that
 * still lack a subscription id. Builds {@link SubscriptionBatch}es that honour the planner's batch contract.
 */
public final class DatabaseSnapshot {
  private final Map<Long, SubscriptionRow> rows;
  private final Map<Long, OrganizationRow> organizations;
  private final Set<String> customersWithIdlessRows;

  private DatabaseSnapshot(
      Map<Long, SubscriptionRow> rows, Map<Long, OrganizationRow> organizations, Set<String> customersWithIdlessRows) {
    this.rows = rows;
    this.organizations = organizations;
    this.customersWithIdlessRows = customersWithIdlessRows;
  }

  public static DatabaseSnapshot read(
      BillingReads reads, Collection<String> subscriptionIds, Collection<String> customerIds,
      Collection<SubscriptionRow> extraRows) throws SQLException {
    Map<Long, SubscriptionRow> rows = new LinkedHashMap<>();
    reads.subscriptionsByStripeIds(subscriptionIds).forEach(r -> rows.put(r.id(), r));
    extraRows.forEach(r -> rows.put(r.id(), r));

    Set<String> customers = new HashSet<>(customerIds);
    rows.values().stream().map(SubscriptionRow::stripeCustomerId).filter(c -> c != null).forEach(customers::add);
    Map<Long, OrganizationRow> organizations = new LinkedHashMap<>();
    reads.organizationsByCustomerIds(customers).forEach(o -> organizations.put(o.id(), o));

    Set<String> withIdless = new HashSet<>();
    for (SubscriptionRow idless : reads.idlessSubscriptionsOfOrganizations(organizations.keySet())) {
      rows.put(idless.id(), idless);
      String customer = organizations.get(idless.organizationId()).stripeCustomerId();
      if (customer != null) {
        withIdless.add(customer);
      }
    }
    Set<Long> missingOrganizations =
        rows.values().stream()
            .map(SubscriptionRow::organizationId)
            .filter(id -> !organizations.containsKey(id))
            .collect(Collectors.toSet());
    reads.organizationsByIds(missingOrganizations).forEach(o -> organizations.put(o.id(), o));
    return new DatabaseSnapshot(rows, organizations, withIdless);
  }

  /**
   * The customer identity ({@code cus_…} or {@code acct_…}) of {@code s} whose organization has rows waiting for a
   * subscription id, or null when there is none.
   */
  public String idlessIdentity(StripeSubscription s) {
    return s.customerIdentities().stream().filter(customersWithIdlessRows::contains).findFirst().orElse(null);
  }

  /**
   * A batch for {@code subscriptions}: only the rows that belong to them (by id, or id-less rows of their
   * customers' organizations) plus {@code extraRows}, so rows of other subscriptions are never planned twice.
   */
  public SubscriptionBatch batch(
      List<StripeSubscription> subscriptions, Collection<StripeCustomer> customers,
      Collection<SubscriptionRow> extraRows, Set<String> confirmedMissing) {
    Set<String> ids = subscriptions.stream().map(StripeSubscription::id).collect(Collectors.toSet());
    Set<Long> organizationIdsOfCustomers = new HashSet<>();
    Set<String> customerIds = ScanContext.customerIds(subscriptions);
    for (OrganizationRow org : organizations.values()) {
      if (org.stripeCustomerId() != null && customerIds.contains(org.stripeCustomerId())) {
        organizationIdsOfCustomers.add(org.id());
      }
    }
    Map<Long, SubscriptionRow> picked = new LinkedHashMap<>();
    for (SubscriptionRow row : rows.values()) {
      boolean byId = row.stripeSubscriptionId() != null && ids.contains(row.stripeSubscriptionId());
      boolean idlessOfCustomer =
          row.stripeSubscriptionId() == null && !row.archived()
              && organizationIdsOfCustomers.contains(row.organizationId());
      if (byId || idlessOfCustomer) {
        picked.put(row.id(), row);
      }
    }
    extraRows.forEach(r -> picked.put(r.id(), r));
    Set<Long> organizationIds = new HashSet<>(organizationIdsOfCustomers);
    picked.values().forEach(r -> organizationIds.add(r.organizationId()));
    List<OrganizationRow> orgs = new ArrayList<>();
    for (Long id : organizationIds) {
      OrganizationRow org = organizations.get(id);
      if (org != null) {
        orgs.add(org);
      }
    }
    return new SubscriptionBatch(
        subscriptions, List.copyOf(picked.values()), orgs, List.copyOf(customers), confirmedMissing);
  }

  /** Rows read for this snapshot, by database id. */
  Map<Long, SubscriptionRow> rows() {
    return rows;
  }
}
