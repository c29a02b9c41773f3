package com.subscriptionreconciler.config;

/**
 * Live, sandbox or unknown, read from the key's prefix — the one place the product decides a key's mode (the
 * request ceiling, {@code doctor}'s key check and the real-time path's mode check all ask here).
 *
 * <ul>
 *   <li>{@link #LIVE}: {@code sk_live_…}, {@code rk_live_…}; Stripe allows 100 requests/s;
 *   <li>{@link #SANDBOX}: {@code sk_test_…}, {@code rk_test_…}; Stripe allows 25 requests/s;
 *   <li>{@link #UNKNOWN}: any other {@code sk_}/{@code rk_} key. Its mode cannot be known, so nothing may rely on
 *       it: the request ceiling is the lower, sandbox one (it earns no 429 in either mode), events are not checked
 *       against a mode ({@link #sendsEventsOf} accepts both), and {@code doctor} fails its key check.
 * </ul>
 *
 * <p>A ceiling above the mode's limit could only earn 429s, so the configuration lowers {@code STRIPE_MAX_RPS} to it.
 */
public enum StripeKeyMode {
  LIVE(100),
  SANDBOX(25),
  UNKNOWN(25);

  private final double accountRequestsPerSecond;

  StripeKeyMode(double accountRequestsPerSecond) {
    this.accountRequestsPerSecond = accountRequestsPerSecond;
  }

  public static StripeKeyMode of(Secret key) {
    String value = key.reveal();
    if (value.startsWith("sk_live_") || value.startsWith("rk_live_")) {
      return LIVE;
    }
    if (value.startsWith("sk_test_") || value.startsWith("rk_test_")) {
      return SANDBOX;
    }
    return UNKNOWN;
  }

  /** Stripe's documented limit for all requests of an account in this mode. */
  public double accountRequestsPerSecond() {
    return accountRequestsPerSecond;
  }

  /**
   * Whether this key's account sends events whose {@code livemode} is {@code livemode}: a live key's account only
   * live ones, a sandbox key's only test ones; an unknown key's mode cannot be told, so it refuses none.
   */
  public boolean sendsEventsOf(boolean livemode) {
    return this == UNKNOWN || (this == LIVE) == livemode;
  }
}
