package com.subscriptionreconciler.plan;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a row should hold according to one Stripe subscription: canonical values of the synced fields, plus the
 * fields Stripe cannot tell us (to be kept as they are) and why.
 *
 * @param values canonical value per synced field (null = NULL), for every field not in {@code keep}
 * @param keep fields whose current row value stays: {@code plan_tier} for an unknown price; price, quantity,
 *     period and tier for a subscription without items
 * @param warning set when something was kept
 */
public record StripeTarget(
    Map<SubscriptionField, String> values, Set<SubscriptionField> keep, Optional<PlanWarning> warning) {

  public StripeTarget {
    // EnumMap copies keep NULL values (SQL NULL), which Map.copyOf would reject.
    values = Collections.unmodifiableMap(new EnumMap<>(values));
    keep = Collections.unmodifiableSet(keep.isEmpty() ? EnumSet.noneOf(SubscriptionField.class) : EnumSet.copyOf(keep));
  }

  /** Builds targets from Stripe subscriptions with one tier rule. */
  public static final class Factory {
    private final TierResolver tiers;
    private final PrimaryItemSelector primaryItems;

    public Factory(TierResolver tiers) {
      this.tiers = tiers;
      this.primaryItems = new PrimaryItemSelector(tiers);
    }

    public StripeTarget of(StripeSubscription s) {
      Map<SubscriptionField, String> v = new EnumMap<>(SubscriptionField.class);
      Set<SubscriptionField> keep = EnumSet.noneOf(SubscriptionField.class);
      Optional<PlanWarning> warning = Optional.empty();
      put(v, SubscriptionField.STRIPE_CUSTOMER_ID, s.customerIdentities().isEmpty() ? null : s.customerIdentities().get(0));
      put(v, SubscriptionField.STATUS, s.status());
      put(v, SubscriptionField.CANCEL_AT_PERIOD_END, s.cancelAtPeriodEnd());
      put(v, SubscriptionField.CANCEL_AT, s.cancelAt());
      put(v, SubscriptionField.CANCELED_AT, s.canceledAt());
      put(v, SubscriptionField.ENDED_AT, s.endedAt());
      put(v, SubscriptionField.TRIAL_START, s.trialStart());
      put(v, SubscriptionField.TRIAL_END, s.trialEnd());
      v.put(SubscriptionField.METADATA, CanonicalJson.of(s.metadata()));

      Optional<StripeItem> primary = primaryItems.primary(s.items());
      if (primary.isEmpty()) {
        keep.addAll(EnumSet.of(
            SubscriptionField.STRIPE_PRICE_ID, SubscriptionField.PLAN_TIER, SubscriptionField.QUANTITY,
            SubscriptionField.CURRENT_PERIOD_START, SubscriptionField.CURRENT_PERIOD_END));
        warning = Optional.of(new PlanWarning(PlanWarning.Kind.NO_ITEMS, s.id(), 1, s.id()));
      } else {
        StripeItem item = primary.get();
        put(v, SubscriptionField.STRIPE_PRICE_ID, item.priceId());
        put(v, SubscriptionField.QUANTITY, item.quantity());
        put(v, SubscriptionField.CURRENT_PERIOD_START, item.currentPeriodStart());
        put(v, SubscriptionField.CURRENT_PERIOD_END, item.currentPeriodEnd());
        Optional<String> tier = tiers.tierOf(item);
        if (tier.isPresent()) {
          v.put(SubscriptionField.PLAN_TIER, tier.get());
        } else {
          keep.add(SubscriptionField.PLAN_TIER);
          warning = Optional.of(new PlanWarning(PlanWarning.Kind.UNKNOWN_PRICE, item.priceId(), 1, s.id()));
        }
      }
      return new StripeTarget(v, keep, warning);
    }

    private static void put(Map<SubscriptionField, String> v, SubscriptionField f, Object value) {
      v.put(f, f.type().encode(value));
    }
  }
}
