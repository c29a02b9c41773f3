package com.subscriptionreconciler.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.oracle.ReferenceModel;
import com.subscriptionreconciler.oracle.ReferenceModel.Outcome;
import com.subscriptionreconciler.oracle.ReferenceModel.RowFate;
import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.Field;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.plan.OrganizationField;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionField;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.plan.Unlinked;
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
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What a full reconciliation must do, judged without the product's planners: Stripe read over HTTP (stripe-java
 * against the emulator), the database with the product's reads, and the decision made by the independent
 * {@link ReferenceModel}. Its outcome is written out as a {@link Plan} (the plain output records) so the demo
 * tests can compare it with drift manifests and engine reports; nothing here runs the planner.
 */
final class ReferenceReconciliation {
  static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReferenceReconciliation() {}

  /**
   * @param deriveEveryOrganization also re-derive organizations no subscription change touches (a full run
   *     that repairs stale organization columns), rather than only those the model touches
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

    ReferenceModel model = new ReferenceModel(rules.planTierMap(), rules.defaultPlanTier(), NOW);
    List<StripeCustomer> knownCustomers = List.copyOf(customers.values());
    Outcome outcome = deriveEveryOrganization
        ? model.deriveEveryOrganization(subscriptions, rows, organizations, knownCustomers, missing)
        : model.reconcile(subscriptions, rows, organizations, knownCustomers, missing);
    return asPlan(outcome, subscriptions, rows, organizations);
  }

  /** The model's outcome as the changes that lead there: per row, exactly the columns whose value differs. */
  private static Plan asPlan(Outcome outcome, List<StripeSubscription> subscriptions, List<SubscriptionRow> rows,
      List<OrganizationRow> organizations) {
    List<EntityChange> changes = new ArrayList<>();
    Set<Long> touched = new HashSet<>();
    long inSync = 0;
    Set<String> listed = subscriptions.stream().map(StripeSubscription::id).collect(Collectors.toSet());
    for (SubscriptionRow row : rows) {
      ReferenceModel.RowOutcome o = outcome.rows().get(row.id());
      if (o.fate() == RowFate.UNTOUCHED) {
        if (row.archivedAt() == null && listed.contains(row.stripeSubscriptionId())) {
          inSync++;
        }
        continue;
      }
      Map<String, Object> before = ReferenceModel.valuesOf(row);
      List<FieldChange> fields = new ArrayList<>();
      for (String column : ReferenceModel.COLUMNS) {
        if (!Objects.equals(before.get(column), o.values().get(column))) {
          fields.add(change(SubscriptionField.ofColumn(column), before.get(column), o.values().get(column)));
        }
      }
      String stripeId = (String) o.values().get("stripe_subscription_id");
      changes.add(new EntityChange(Entity.SUBSCRIPTION, row.id(), stripeId,
          o.fate() == RowFate.ARCHIVED ? Action.ARCHIVE : Action.UPDATE, fields, row.version(), row.organizationId()));
      touched.add(row.organizationId());
    }
    outcome.inserts().forEach((id, insert) -> {
      List<FieldChange> fields = new ArrayList<>();
      for (String column : ReferenceModel.COLUMNS) {
        Object value = insert.values().get(column);
        if (value != null) {
          fields.add(change(SubscriptionField.ofColumn(column), null, value));
        }
      }
      changes.add(new EntityChange(Entity.SUBSCRIPTION, null, id, Action.INSERT, fields, null,
          insert.organizationId()));
      touched.add(insert.organizationId());
    });
    for (OrganizationRow org : organizations) {
      ReferenceModel.OrganizationOutcome derived = outcome.organizations().get(org.id());
      List<FieldChange> fields = new ArrayList<>();
      if (!Objects.equals(org.planTier(), derived.planTier())) {
        fields.add(change(OrganizationField.PLAN_TIER, org.planTier(), derived.planTier()));
      }
      if (!Objects.equals(org.subscriptionStatus(), derived.subscriptionStatus())) {
        fields.add(change(OrganizationField.SUBSCRIPTION_STATUS, org.subscriptionStatus(),
            derived.subscriptionStatus()));
      }
      if (!fields.isEmpty()) {
        changes.add(new EntityChange(Entity.ORGANIZATION, org.id(), org.stripeCustomerId(), Action.UPDATE, fields,
            null, org.id()));
      }
    }
    List<Unlinked> unlinked = subscriptions.stream().filter(s -> outcome.unlinked().contains(s.id()))
        .map(s -> new Unlinked(s.id(), s.customerId(), s.status())).toList();
    return new Plan(changes, unlinked, List.of(), subscriptions.size(), inSync, 0, touched);
  }

  private static FieldChange change(Field field, Object from, Object to) {
    return new FieldChange(field, text(from), text(to));
  }

  private static String text(Object value) {
    if (value instanceof Map<?, ?> metadata) {
      try {
        return JSON.writeValueAsString(metadata);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return value == null ? null : value.toString();
  }
}
