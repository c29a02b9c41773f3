package com.subscriptionreconciler.plan;

import java.util.EnumSet;
import java.util.Set;

/** The {@code subscriptions} columns the reconciler writes (docs/reference.md, Schema), in audit-trail order. */
public enum SubscriptionField implements Field {
  STRIPE_SUBSCRIPTION_ID("stripe_subscription_id", ValueType.TEXT),
  STRIPE_CUSTOMER_ID("stripe_customer_id", ValueType.TEXT),
  STATUS("status", ValueType.TEXT),
  STRIPE_PRICE_ID("stripe_price_id", ValueType.TEXT),
  PLAN_TIER("plan_tier", ValueType.TEXT),
  QUANTITY("quantity", ValueType.INTEGER),
  CURRENT_PERIOD_START("current_period_start", ValueType.INSTANT),
  CURRENT_PERIOD_END("current_period_end", ValueType.INSTANT),
  CANCEL_AT_PERIOD_END("cancel_at_period_end", ValueType.BOOLEAN),
  CANCEL_AT("cancel_at", ValueType.INSTANT),
  CANCELED_AT("canceled_at", ValueType.INSTANT),
  ENDED_AT("ended_at", ValueType.INSTANT),
  TRIAL_START("trial_start", ValueType.INSTANT),
  TRIAL_END("trial_end", ValueType.INSTANT),
  METADATA("metadata", ValueType.JSON),
  ARCHIVED_AT("archived_at", ValueType.INSTANT),
  ARCHIVE_REASON("archive_reason", ValueType.TEXT);

  /**
   * The fields compared with Stripe (docs/reference.md, How it decides). {@code stripe_subscription_id} is not among
   * them: it is the match key, only ever filled in for a row that had none.
   */
  public static final Set<SubscriptionField> SYNCED = EnumSet.range(STRIPE_CUSTOMER_ID, METADATA);

  private final String column;
  private final ValueType type;

  SubscriptionField(String column, ValueType type) {
    this.column = column;
    this.type = type;
  }

  @Override
  public String column() {
    return column;
  }

  @Override
  public ValueType type() {
    return type;
  }

  @Override
  public Entity entity() {
    return Entity.SUBSCRIPTION;
  }

  public static SubscriptionField ofColumn(String column) {
    for (SubscriptionField f : values()) {
      if (f.column.equals(column)) {
        return f;
      }
    }
    throw new IllegalArgumentException("not a reconciled subscriptions column: " + column);
  }
}
