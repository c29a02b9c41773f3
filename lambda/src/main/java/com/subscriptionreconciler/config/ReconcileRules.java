package com.subscriptionreconciler.config;

import java.util.Map;
import java.util.Set;

/**
 * The business rules the planner applies: {@code PLAN_TIER_MAP}, {@code DEFAULT_PLAN_TIER} and the safety guard
 * ({@code MAX_CHANGE_RATIO}, {@code MAX_CHANGES_ABSOLUTE}).
 *
 * @param planTierMap price id, price {@code lookup_key} or product id → tier
 * @param notPlans the keys {@code PLAN_TIER_MAP} maps to {@code null}: prices or products that are not a plan (an
 *     add-on, a metered extra), whose items never decide a subscription's price, quantity or tier
 */
public record ReconcileRules(
    Map<String, String> planTierMap, String defaultPlanTier, double maxChangeRatio, long maxChangesAbsolute,
    Set<String> notPlans) {
  public static final String DEFAULT_TIER = "free";
  public static final double DEFAULT_MAX_CHANGE_RATIO = 0.10;
  public static final long DEFAULT_MAX_CHANGES_ABSOLUTE = 50;

  public ReconcileRules {
    planTierMap = Map.copyOf(planTierMap);
    notPlans = Set.copyOf(notPlans);
  }

  /** Rules where every mapped price is a plan. */
  public ReconcileRules(
      Map<String, String> planTierMap, String defaultPlanTier, double maxChangeRatio, long maxChangesAbsolute) {
    this(planTierMap, defaultPlanTier, maxChangeRatio, maxChangesAbsolute, Set.of());
  }

  public static ReconcileRules defaults() {
    return new ReconcileRules(Map.of(), DEFAULT_TIER, DEFAULT_MAX_CHANGE_RATIO, DEFAULT_MAX_CHANGES_ABSOLUTE);
  }
}
