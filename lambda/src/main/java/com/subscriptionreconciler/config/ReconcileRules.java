package com.subscriptionreconciler.config;

import java.util.Map;

/**
 * The business rules the planner applies: {@code PLAN_TIER_MAP}, {@code DEFAULT_PLAN_TIER} and the safety guard
 * ({@code MAX_CHANGE_RATIO}, {@code MAX_CHANGES_ABSOLUTE}).
 */
public record ReconcileRules(
    Map<String, String> planTierMap, String defaultPlanTier, double maxChangeRatio, long maxChangesAbsolute) {
  public static final String DEFAULT_TIER = "free";
  public static final double DEFAULT_MAX_CHANGE_RATIO = 0.10;
  public static final long DEFAULT_MAX_CHANGES_ABSOLUTE = 50;

  public ReconcileRules {
    planTierMap = Map.copyOf(planTierMap);
  }

  public static ReconcileRules defaults() {
    return new ReconcileRules(Map.of(), DEFAULT_TIER, DEFAULT_MAX_CHANGE_RATIO, DEFAULT_MAX_CHANGES_ABSOLUTE);
  }
}
