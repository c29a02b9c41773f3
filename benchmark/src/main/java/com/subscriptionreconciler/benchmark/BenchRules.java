package com.subscriptionreconciler.benchmark;

import com.subscriptionreconciler.config.ReconcileRules;
import java.util.Map;

/**
 * The rules every benchmark process uses (the mirror must be built with the engine's rules). Tiers come from
 * the generated catalog's {@code plan_tier} metadata; the safety guard's absolute cap is lifted because 1% of
 * a million rows is 10,000 changes, which is the point of the exercise, while the ratio guard stays on.
 */
final class BenchRules {
  private BenchRules() {}

  static ReconcileRules rules() {
    return new ReconcileRules(Map.of(), ReconcileRules.DEFAULT_TIER, ReconcileRules.DEFAULT_MAX_CHANGE_RATIO, 1_000_000);
  }
}
