package com.subscriptionreconciler.oracle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.oracle.ReferenceModel.InsertOutcome;
import com.subscriptionreconciler.oracle.ReferenceModel.Outcome;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.SubscriptionBatch;
import com.subscriptionreconciler.plan.SubscriptionRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The database a run leaves behind, as the next run's batch: same Stripe, the outcome's rows and organizations. */
final class Resulting {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long FIRST_INSERTED_ID = 1_000;

  private Resulting() {}

  static SubscriptionBatch database(SubscriptionBatch before, Outcome outcome) {
    List<SubscriptionRow> rows = new ArrayList<>();
    for (SubscriptionRow r : before.rows()) {
      rows.add(row(r.id(), r.organizationId(), r.version() + 1, r.createdAt(), outcome.rows().get(r.id()).values()));
    }
    long nextId = FIRST_INSERTED_ID;
    for (InsertOutcome insert : outcome.inserts().values()) {
      rows.add(row(nextId++, insert.organizationId(), 0, Scenario.NOW, insert.values()));
    }
    List<OrganizationRow> organizations = new ArrayList<>();
    for (OrganizationRow o : before.organizations()) {
      var derived = outcome.organizations().get(o.id());
      organizations.add(new OrganizationRow(o.id(), o.name(), o.stripeCustomerId(), derived.planTier(),
          derived.subscriptionStatus()));
    }
    return new SubscriptionBatch(before.stripeSubscriptions(), rows, organizations, before.customers(),
        before.confirmedMissingSubscriptionIds());
  }

  private static SubscriptionRow row(long id, long organizationId, int version, Instant createdAt,
      Map<String, Object> v) {
    return new SubscriptionRow(id, organizationId, (String) v.get("stripe_subscription_id"),
        (String) v.get("stripe_customer_id"), (String) v.get("stripe_price_id"), (String) v.get("plan_tier"),
        (String) v.get("status"), (Long) v.get("quantity"), (Instant) v.get("current_period_start"),
        (Instant) v.get("current_period_end"), Boolean.TRUE.equals(v.get("cancel_at_period_end")),
        (Instant) v.get("cancel_at"), (Instant) v.get("canceled_at"), (Instant) v.get("ended_at"),
        (Instant) v.get("trial_start"), (Instant) v.get("trial_end"), json(v.get("metadata")),
        (Instant) v.get("archived_at"), (String) v.get("archive_reason"), version, createdAt);
  }

  private static String json(Object metadata) {
    try {
      return metadata == null ? null : MAPPER.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
