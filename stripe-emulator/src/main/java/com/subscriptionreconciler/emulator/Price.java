package com.subscriptionreconciler.emulator;

import java.util.Map;

/**
 * A recurring price. {@code lookupKey} may be null (Stripe allows that), which is what makes the
 * reconciler's fallback to metadata {@code plan_tier} testable.
 */
public record Price(
    String id,
    String productId,
    String lookupKey,
    long unitAmount,
    String currency,
    String interval,
    long created,
    boolean active,
    Map<String, String> metadata)
    implements Stored {}
