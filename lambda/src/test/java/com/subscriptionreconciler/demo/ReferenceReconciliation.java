package com.subscriptionreconciler.demo;

import com.stripe.StripeClient;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.OrganizationPlanner;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionBatch;
import com.subscriptionreconciler.plan.SubscriptionPlanner;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.stripe.CreatedRange;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import com.subscriptionreconciler.stripe.SubscriptionPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What a full reconciliation would plan, computed without the engine: Stripe read over HTTP with the product's
 * own {@link StripeAccountReader} (stripe-java against the emulator), the database with the product's
 * {@link BillingReads}, everything in one batch through the real planners. The independent judge of "in sync"
 * and of what each injected drift makes the engine do.
 */
final class ReferenceReconciliation {
  static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");

  private ReferenceReconciliation() {}

  /**
   * @param deriveEveryOrganization derive all organizations (a full run that also repairs stale organization
   *     columns) rather than only those the subscription changes touch
   */
  static Plan plan(DataSource dataSource, StripeEmulator emulator, ReconcileRules rules,
      boolean deriveEveryOrganization) throws Exception {
    StripeClient client = StripeClient.builder()
        .setApiKey(emulator.apiKey()).setApiBase(emulator.baseUrl()).setMaxNetworkRetries(0).build();
    StripeAccountReader stripe = StripeAccountReader.open(client);
    List<StripeSubscription> subscriptions = new ArrayList<>();
    Map<String, StripeCustomer> customers = new HashMap<>();
    String after = null;
    do {
      SubscriptionPage page = stripe.listSubscriptions(CreatedRange.ALL, after);
      subscriptions.addAll(page.subscriptions());
      page.customers().forEach(c -> customers.put(c.id(), c));
      after = page.hasMore() ? page.lastId() : null;
    } while (after != null);

    BillingReads reads = new BillingReads(dataSource, new StatementCounter());
    List<OrganizationRow> organizations = reads.linkedOrganizationsAfter(0, Integer.MAX_VALUE);
    List<SubscriptionRow> rows =
        reads.subscriptionsOfOrganizations(organizations.stream().map(OrganizationRow::id).toList());

    Set<String> listed = subscriptions.stream().map(StripeSubscription::id).collect(Collectors.toSet());
    Set<String> missing = new HashSet<>();
    for (SubscriptionRow row : rows) {
      if (row.stripeSubscriptionId() != null && !listed.contains(row.stripeSubscriptionId())
          && stripe.retrieveSubscription(row.stripeSubscriptionId()).isEmpty()) {
        missing.add(row.stripeSubscriptionId());
      }
    }
    for (OrganizationRow org : organizations) {
      if (!customers.containsKey(org.stripeCustomerId())) {
        stripe.retrieveCustomer(org.stripeCustomerId()).ifPresent(c -> customers.put(c.id(), c));
      }
    }
    Set<String> deleted = customers.values().stream()
        .filter(StripeCustomer::deleted).map(StripeCustomer::id).collect(Collectors.toSet());

    Plan subscriptionPlan = new SubscriptionPlanner(rules, NOW).plan(new SubscriptionBatch(
        subscriptions, rows, organizations, List.copyOf(customers.values()), missing));
    Set<Long> derive = deriveEveryOrganization
        ? organizations.stream().map(OrganizationRow::id).collect(Collectors.toSet())
        : subscriptionPlan.touchedOrganizationIds();
    Map<Long, List<SubscriptionRow>> rowsByOrganization =
        rows.stream().collect(Collectors.groupingBy(SubscriptionRow::organizationId));
    List<EntityChange> subscriptionChanges = subscriptionPlan.changes();
    Plan organizationPlan = new OrganizationPlanner(rules, NOW).plan(
        organizations.stream().filter(o -> derive.contains(o.id())).toList(),
        rowsByOrganization, subscriptionChanges, deleted);
    return Plan.mergeAll(List.of(subscriptionPlan, organizationPlan));
  }
}
