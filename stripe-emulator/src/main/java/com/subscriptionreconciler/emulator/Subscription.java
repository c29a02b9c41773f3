package com.subscriptionreconciler.emulator;

import java.util.List;
import java.util.Map;

/**
 * A subscription with its items. Timestamps are Unix seconds; nullable ones are {@code Long} so the
 * JSON shows {@code null} exactly where Stripe does.
 */
public record Subscription(
    String id,
    String customerId,
    SubscriptionStatus status,
    long created,
    long startDate,
    boolean cancelAtPeriodEnd,
    Long cancelAt,
    Long canceledAt,
    Long endedAt,
    Long trialStart,
    Long trialEnd,
    Map<String, String> metadata,
    List<SubscriptionItem> items)
    implements Stored {

  Subscription with(SubscriptionStatus newStatus, boolean newCancelAtPeriodEnd, Long newCancelAt,
      Long newCanceledAt, Long newEndedAt) {
    return new Subscription(id, customerId, newStatus, created, startDate, newCancelAtPeriodEnd,
        newCancelAt, newCanceledAt, newEndedAt, trialStart, trialEnd, metadata, items);
  }

  Subscription withItems(List<SubscriptionItem> newItems) {
    return new Subscription(id, customerId, status, created, startDate, cancelAtPeriodEnd, cancelAt,
        canceledAt, endedAt, trialStart, trialEnd, metadata, newItems);
  }

  Subscription withMetadata(Map<String, String> newMetadata) {
    return new Subscription(id, customerId, status, created, startDate, cancelAtPeriodEnd, cancelAt,
        canceledAt, endedAt, trialStart, trialEnd, newMetadata, items);
  }

  /** The period of the first item: what most integrations treat as "the" subscription period. */
  public long currentPeriodStart() {
    return items.get(0).currentPeriodStart();
  }

  public long currentPeriodEnd() {
    return items.get(0).currentPeriodEnd();
  }
}
