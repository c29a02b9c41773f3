package com.subscriptionreconciler.incremental;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How far back Stripe's event list reaches: 30 days. The margin keeps us off the edge, where events near the
 * checkpoint could expire between the decision and the last page read (and where our clock and Stripe's may
 * disagree).
 */
public record EventRetention(Duration retention, Duration margin) {
  public static final Duration STRIPE_RETENTION = Duration.ofDays(30);
  public static final Duration DEFAULT_MARGIN = Duration.ofDays(1);

  public EventRetention {
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(margin, "margin");
    if (margin.isNegative() || margin.compareTo(retention) >= 0) {
      throw new IllegalArgumentException("margin must be >= 0 and shorter than the retention");
    }
  }

  public static EventRetention stripeDefault() {
    return new EventRetention(STRIPE_RETENTION, DEFAULT_MARGIN);
  }

  /** The oldest checkpoint time an incremental run may start from at {@code now} (inclusive). */
  public Instant oldestUsable(Instant now) {
    return now.minus(retention).plus(margin);
  }
}
