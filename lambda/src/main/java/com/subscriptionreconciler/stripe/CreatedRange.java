package com.subscriptionreconciler.stripe;

import java.time.Instant;

/** A half-open range of Stripe {@code created} times, {@code [fromInclusive, toExclusive)}; null bounds are open. */
public record CreatedRange(Instant fromInclusive, Instant toExclusive) {
  public static final CreatedRange ALL = new CreatedRange(null, null);

  public CreatedRange {
    if (fromInclusive != null && toExclusive != null && !fromInclusive.isBefore(toExclusive)) {
      throw new IllegalArgumentException("empty created range " + fromInclusive + " .. " + toExclusive);
    }
  }

  public boolean contains(Instant created) {
    return (fromInclusive == null || !created.isBefore(fromInclusive))
        && (toExclusive == null || created.isBefore(toExclusive));
  }
}
