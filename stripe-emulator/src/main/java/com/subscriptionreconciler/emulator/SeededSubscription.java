package com.subscriptionreconciler.emulator;

import java.util.Map;

/**
 * A flat description of one subscription as the emulator holds it, so a test or benchmark can
 * seed a matching database row from the same account. Period fields are the first item's;
 * {@code planTier} is the price's metadata {@code plan_tier}, else the product's, else null.
 */
public record SeededSubscription(
    String subscriptionId,
    String customerId,
    String customerEmail,
    Map<String, String> customerMetadata,
    String priceId,
    String lookupKey,
    String planTier,
    SubscriptionStatus status,
    long quantity,
    int itemCount,
    long created,
    long currentPeriodStart,
    long currentPeriodEnd,
    boolean cancelAtPeriodEnd,
    Long cancelAt,
    Long canceledAt,
    Long endedAt,
    Long trialStart,
    Long trialEnd,
    Map<String, String> metadata) {}
