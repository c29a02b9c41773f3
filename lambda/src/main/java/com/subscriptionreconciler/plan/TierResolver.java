package com.subscriptionreconciler.plan;

import java.util.Map;
import java.util.Optional;

/**
 * The plan tier of a price (docs/reference.md, How it decides), first match wins: {@code PLAN_TIER_MAP} by price id,
 * then by {@code lookup_key}, then the price's metadata {@code plan_tier}, then the product's. The operator's map
 * comes first because it is the deliberate override; metadata is whatever someone typed in the Dashboard. Blank
 * values count as absent.
 */
public final class TierResolver {
  private final Map<String, String> planTierMap;

  public TierResolver(Map<String, String> planTierMap) {
    this.planTierMap = Map.copyOf(planTierMap);
  }

  public Optional<String> tierOf(StripeItem item) {
    return firstPresent(
        mapped(item.priceId()), mapped(item.priceLookupKey()), item.pricePlanTier(), item.productPlanTier());
  }

  private String mapped(String key) {
    return key == null ? null : planTierMap.get(key);
  }

  private static Optional<String> firstPresent(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank()) {
        return Optional.of(c.trim());
      }
    }
    return Optional.empty();
  }
}
