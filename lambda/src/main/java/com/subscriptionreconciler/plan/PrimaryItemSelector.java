package com.subscriptionreconciler.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the one item whose price, quantity and period a subscription row mirrors (a row has one price column,
 * a subscription may have several items, e.g. a plan plus add-ons). docs/reference.md, The primary item.
 *
 * <p>Rule, first that applies:
 *
 * <ol>
 *   <li>among the items that are a plan and whose price resolves to a tier, the oldest;
 *   <li>else among the items that are a plan (not marked as not one), the oldest;
 *   <li>else the oldest item overall (a subscription of add-ons only still has a price and a period).
 * </ol>
 *
 * <p>"Oldest" is item {@code created}, then Stripe's own order of the items: Stripe lists a subscription's items in
 * the order they were added, so of items created in the same second (every item of a new subscription) the one
 * given first wins: integrations usually give the base plan first, and an add-on that may come first is marked as
 * not a plan. Item ids are random and say nothing about order. The caller passes the items in Stripe's order: the embedded page, then the rest of the list.
 */
public final class PrimaryItemSelector {
  private static final Comparator<Positioned> OLDEST_FIRST =
      Comparator.comparing((Positioned p) -> p.item().created(),
              Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparingInt(Positioned::position);

  private final TierResolver tiers;

  public PrimaryItemSelector(TierResolver tiers) {
    this.tiers = tiers;
  }

  /** @param items the subscription's items in Stripe's order */
  public Optional<StripeItem> primary(List<StripeItem> items) {
    List<Positioned> all = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      all.add(new Positioned(items.get(i), i));
    }
    Optional<Positioned> tiered = all.stream().filter(p -> tiers.tierOf(p.item()).isPresent()).min(OLDEST_FIRST);
    if (tiered.isEmpty()) {
      tiered = all.stream().filter(p -> tiers.isPlan(p.item())).min(OLDEST_FIRST);
    }
    if (tiered.isEmpty()) {
      tiered = all.stream().min(OLDEST_FIRST);
    }
    return tiered.map(Positioned::item);
  }

  private record Positioned(StripeItem item, int position) {}
}
