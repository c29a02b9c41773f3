package com.subscriptionreconciler.plan;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code subscriptions} row (docs/reference.md, Schema). {@code metadata} is JSON text in any formatting (it is
 * canonicalized when compared). {@code id} is null only for a row the plan would insert, as seen by
 * {@link SubscriptionProjection}; rows read from the database always have one.
 */
public record SubscriptionRow(
    Long id,
    long organizationId,
    String stripeSubscriptionId,
    String stripeCustomerId,
    String stripePriceId,
    String planTier,
    String status,
    Long quantity,
    Instant currentPeriodStart,
    Instant currentPeriodEnd,
    boolean cancelAtPeriodEnd,
    Instant cancelAt,
    Instant canceledAt,
    Instant endedAt,
    Instant trialStart,
    Instant trialEnd,
    String metadata,
    Instant archivedAt,
    String archiveReason,
    int version,
    Instant createdAt) {

  public boolean archived() {
    return archivedAt != null;
  }

  /** The canonical value of one reconciled column. */
  public String value(SubscriptionField field) {
    Object raw =
        switch (field) {
          case STRIPE_SUBSCRIPTION_ID -> stripeSubscriptionId;
          case STRIPE_CUSTOMER_ID -> stripeCustomerId;
          case STATUS -> status;
          case STRIPE_PRICE_ID -> stripePriceId;
          case PLAN_TIER -> planTier;
          case QUANTITY -> quantity;
          case CURRENT_PERIOD_START -> currentPeriodStart;
          case CURRENT_PERIOD_END -> currentPeriodEnd;
          case CANCEL_AT_PERIOD_END -> cancelAtPeriodEnd;
          case CANCEL_AT -> cancelAt;
          case CANCELED_AT -> canceledAt;
          case ENDED_AT -> endedAt;
          case TRIAL_START -> trialStart;
          case TRIAL_END -> trialEnd;
          case METADATA -> metadata;
          case ARCHIVED_AT -> archivedAt;
          case ARCHIVE_REASON -> archiveReason;
        };
    return field.type().encode(raw);
  }

  /** Every reconciled column's canonical value (nulls included), e.g. for rollback's "changed since" check. */
  public Map<Field, String> values() {
    Map<Field, String> values = new LinkedHashMap<>();
    for (SubscriptionField f : SubscriptionField.values()) {
      values.put(f, value(f));
    }
    return values;
  }

  /** This row with the changes' {@code to} values, as it would read after they are applied. */
  public SubscriptionRow with(List<FieldChange> changes) {
    Map<SubscriptionField, String> v = new EnumMap<>(SubscriptionField.class);
    for (SubscriptionField f : SubscriptionField.values()) {
      v.put(f, value(f));
    }
    for (FieldChange c : changes) {
      v.put((SubscriptionField) c.field(), c.to());
    }
    return fromValues(id, organizationId, version, createdAt, v);
  }

  /** A row built from canonical column values (missing keys are NULL; {@code cancel_at_period_end} defaults false). */
  public static SubscriptionRow fromValues(
      Long id, long organizationId, int version, Instant createdAt, Map<SubscriptionField, String> v) {
    Boolean cape = (Boolean) SubscriptionField.CANCEL_AT_PERIOD_END.type().decode(v.get(SubscriptionField.CANCEL_AT_PERIOD_END));
    return new SubscriptionRow(
        id,
        organizationId,
        v.get(SubscriptionField.STRIPE_SUBSCRIPTION_ID),
        v.get(SubscriptionField.STRIPE_CUSTOMER_ID),
        v.get(SubscriptionField.STRIPE_PRICE_ID),
        v.get(SubscriptionField.PLAN_TIER),
        v.get(SubscriptionField.STATUS),
        (Long) SubscriptionField.QUANTITY.type().decode(v.get(SubscriptionField.QUANTITY)),
        instant(v, SubscriptionField.CURRENT_PERIOD_START),
        instant(v, SubscriptionField.CURRENT_PERIOD_END),
        cape != null && cape,
        instant(v, SubscriptionField.CANCEL_AT),
        instant(v, SubscriptionField.CANCELED_AT),
        instant(v, SubscriptionField.ENDED_AT),
        instant(v, SubscriptionField.TRIAL_START),
        instant(v, SubscriptionField.TRIAL_END),
        v.get(SubscriptionField.METADATA),
        instant(v, SubscriptionField.ARCHIVED_AT),
        v.get(SubscriptionField.ARCHIVE_REASON),
        version,
        createdAt);
  }

  private static Instant instant(Map<SubscriptionField, String> v, SubscriptionField f) {
    return (Instant) f.type().decode(v.get(f));
  }
}
