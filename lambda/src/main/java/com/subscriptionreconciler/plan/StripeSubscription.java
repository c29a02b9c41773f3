package com.subscriptionreconciler.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A Stripe subscription as the planner needs it: plain values, no stripe-java types. */
public record StripeSubscription(
    String id,
    String customerId,
    String status,
    Instant created,
    List<StripeItem> items,
    boolean cancelAtPeriodEnd,
    Instant cancelAt,
    Instant canceledAt,
    Instant endedAt,
    Instant trialStart,
    Instant trialEnd,
    Map<String, String> metadata) {

  public StripeSubscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    items = items == null ? List.of() : List.copyOf(items);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
