package com.subscriptionreconciler.demo;

import java.time.Instant;
import java.util.Objects;

/**
 * One {@code subscriptions} row to seed: every SPEC §5 column the application or the reconciler writes.
 * {@code metadata} is JSON text (null = NULL); {@code createdAt} null means "when seeded". {@code version},
 * {@code updated_at} and {@code last_reconciled_at} keep their column defaults: a freshly seeded row was
 * never reconciled.
 */
public record SeedSubscription(
    long id,
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
    Instant createdAt) {

  public SeedSubscription {
    Objects.requireNonNull(status, "status");
  }
}
