package com.subscriptionreconciler.emulator;

import java.util.Locale;

/** Every subscription status Stripe documents; {@link #wire()} is the JSON spelling. */
public enum SubscriptionStatus {
  ACTIVE,
  TRIALING,
  PAST_DUE,
  UNPAID,
  INCOMPLETE,
  INCOMPLETE_EXPIRED,
  PAUSED,
  CANCELED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the statuses Stripe considers ended; a default list (no {@code status}) leaves them out. */
  public boolean ended() {
    return this == CANCELED || this == INCOMPLETE_EXPIRED;
  }

  public static SubscriptionStatus fromWire(String value) {
    for (SubscriptionStatus s : values()) {
      if (s.wire().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown subscription status: " + value);
  }
}
