package com.subscriptionreconciler.config;

/**
 * Live or sandbox, read from the key's prefix ({@code sk_test_}/{@code rk_test_} are sandbox keys), and the request
 * rate Stripe allows an account in that mode: 100/s live, 25/s in a sandbox. A ceiling above the mode's limit
 * could only earn 429s, so the configuration lowers {@code STRIPE_MAX_RPS} to it.
 */
public enum StripeKeyMode {
  LIVE(100),
  SANDBOX(25);

  private final double accountRequestsPerSecond;

  StripeKeyMode(double accountRequestsPerSecond) {
    this.accountRequestsPerSecond = accountRequestsPerSecond;
  }

  public static StripeKeyMode of(Secret key) {
    String value = key.reveal();
    return value.startsWith("sk_test_") || value.startsWith("rk_test_") ? SANDBOX : LIVE;
  }

  /** Stripe's documented limit for all requests of an account in this mode. */
  public double accountRequestsPerSecond() {
    return accountRequestsPerSecond;
  }
}
