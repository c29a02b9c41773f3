package com.subscriptionreconciler.oracle;

import com.subscriptionreconciler.plan.StripeItem;
import com.subscriptionreconciler.plan.StripeSubscription;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The model's reading of a Stripe subscription: the values a row must hold, by the primary item and tier rules. */
final class ModelStripeValues {
  private final Map<String, String> planTierMap;

  ModelStripeValues(Map<String, String> planTierMap) {
    this.planTierMap = Map.copyOf(planTierMap);
  }

  /** The synced columns as Stripe says; item columns keep {@code current} when Stripe cannot tell. */
  Map<String, Object> of(StripeSubscription s, Map<String, Object> current) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("stripe_customer_id", s.customerId());
    v.put("status", s.status());
    v.put("cancel_at_period_end", s.cancelAtPeriodEnd());
    v.put("cancel_at", millis(s.cancelAt()));
    v.put("canceled_at", millis(s.canceledAt()));
    v.put("ended_at", millis(s.endedAt()));
    v.put("trial_start", millis(s.trialStart()));
    v.put("trial_end", millis(s.trialEnd()));
    v.put("metadata", Map.copyOf(s.metadata()));
    StripeItem primary = primaryItem(s.items());
    if (primary == null) {
      for (String keep : List.of("stripe_price_id", "quantity", "current_period_start", "current_period_end",
          "plan_tier")) {
        v.put(keep, current.get(keep));
      }
      return v;
    }
    v.put("stripe_price_id", primary.priceId());
    v.put("quantity", primary.quantity());
    v.put("current_period_start", millis(primary.currentPeriodStart()));
    v.put("current_period_end", millis(primary.currentPeriodEnd()));
    String tier = tierOf(primary);
    v.put("plan_tier", tier != null ? tier : current.get("plan_tier"));
    return v;
  }

  /**
   * The oldest item with a known tier, else the oldest item; oldest by created (unknown last), then the first listed
   * (Stripe lists items in the order they were added; ids are random).
   */
  private StripeItem primaryItem(List<StripeItem> items) {
    StripeItem oldestTiered = null;
    StripeItem oldest = null;
    for (StripeItem i : items) {
      if (oldest == null || older(i, oldest)) {
        oldest = i;
      }
      if (tierOf(i) != null && (oldestTiered == null || older(i, oldestTiered))) {
        oldestTiered = i;
      }
    }
    return oldestTiered != null ? oldestTiered : oldest;
  }

  private static boolean older(StripeItem a, StripeItem b) {
    if (!Objects.equals(a.created(), b.created())) {
      if (a.created() == null || b.created() == null) {
        return b.created() == null;
      }
      return a.created().isBefore(b.created());
    }
    return false; // a tie keeps the one listed first
  }

  private String tierOf(StripeItem item) {
    for (String candidate : new String[] {item.priceId() == null ? null : planTierMap.get(item.priceId()),
        item.priceLookupKey() == null ? null : planTierMap.get(item.priceLookupKey()),
        item.productId() == null ? null : planTierMap.get(item.productId()), item.pricePlanTier(),
        item.productPlanTier()}) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate.trim();
      }
    }
    return null;
  }

  static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }
}
