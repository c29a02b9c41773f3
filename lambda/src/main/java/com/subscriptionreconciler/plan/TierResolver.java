package com.subscriptionreconciler.plan;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plan tier of a price (docs/reference.md, How it decides), first match wins: {@code PLAN_TIER_MAP} by price id,
 * then by {@code lookup_key}, then by product id, then the price's metadata {@code plan_tier}, then the product's.
 * The operator's map comes first because it is the deliberate override; metadata is whatever someone typed in the
 * Dashboard. Blank values count as absent.
 *
 * <p>A price or product the map sends to {@code null} is not a plan (an add-on such as extra seats): it has no
 * tier, whatever its metadata says, and its items are never a subscription's primary item.
 */
public final class TierResolver {
  private final Map<String, String> planTierMap;
  private final Set<String> notPlans;

  public TierResolver(Map<String, String> planTierMap) {
    this(planTierMap, Set.of());
  }

  /** @param notPlans price ids, lookup keys or product ids that are not a plan */
  public TierResolver(Map<String, String> planTierMap, Set<String> notPlans) {
    this.planTierMap = Map.copyOf(planTierMap);
    this.notPlans = Set.copyOf(notPlans);
  }

  public Optional<String> tierOf(StripeItem item) {
    if (!isPlan(item)) {
      return Optional.empty();
    }
    return firstPresent(
        mapped(item.priceId()), mapped(item.priceLookupKey()), mapped(item.productId()), item.pricePlanTier(),
        item.productPlanTier());
  }

  /** False for an item whose price id, lookup key or product id is marked as not a plan. */
  public boolean isPlan(StripeItem item) {
    return !marked(item.priceId()) && !marked(item.priceLookupKey()) && !marked(item.productId());
  }

  private boolean marked(String key) {
    return key != null && notPlans.contains(key);
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
