package com.subscriptionreconciler.plan;

import java.time.Instant;

/**
 * One subscription item as the planner needs it. Since API 2025-03-31 the billing period lives here, not on the
 * subscription. {@code pricePlanTier}/{@code productPlanTier} are the {@code plan_tier} metadata of the price and
 * of its product, null when absent or unknown (the product is only known when expanded).
 */
public record StripeItem(
    String id,
    String priceId,
    String priceLookupKey,
    String productId,
    String pricePlanTier,
    String productPlanTier,
    Long quantity,
    Instant currentPeriodStart,
    Instant currentPeriodEnd,
    Instant created) {}
