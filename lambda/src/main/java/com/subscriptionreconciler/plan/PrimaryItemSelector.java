package com.subscriptionreconciler.plan;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the one item whose price, quantity and period a subscription row mirrors (a row has one price column,
 * a subscription may have several items, e.g. a plan plus add-ons).
 *
 * <p>Rule: among the items whose price resolves to a plan tier, the oldest (item {@code created}, then item id);
 * if no item resolves, the oldest item overall. Rationale: the tiered item is the plan; add-ons are added later
 * than the base plan, so "oldest" picks the plan among several tiered items too. Deterministic regardless of the
 * order Stripe lists items in.
 */
public final class PrimaryItemSelector {
  private static final Comparator<StripeItem> OLDEST_FIRST =
      Comparator.comparing(StripeItem::created, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(StripeItem::id, Comparator.nullsLast(Comparator.<String>naturalOrder()));

  private final TierResolver tiers;

  public PrimaryItemSelector(TierResolver tiers) {
    this.tiers = tiers;
  }

  public Optional<StripeItem> primary(List<StripeItem> items) {
    Optional<StripeItem> tiered =
        items.stream().filter(i -> tiers.tierOf(i).isPresent()).min(OLDEST_FIRST);
    return tiered.isPresent() ? tiered : items.stream().min(OLDEST_FIRST);
  }
}
