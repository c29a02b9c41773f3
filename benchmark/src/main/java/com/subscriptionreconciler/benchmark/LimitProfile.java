package com.subscriptionreconciler.benchmark;

import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.emulator.AccountLimits;

/**
 * The Stripe account a benchmark runs against: {@code none} (the emulator's single rate limit, as before Stripe's
 * real limits were modelled), {@code live} (100/s for the account, 25/s per endpoint, a concurrency cap),
 * {@code sandbox} (the same with a sandbox key: 25/s for the account) or {@code low} (an account Stripe gave lower
 * limits than documented: 5/s per endpoint, 4 in flight).
 */
enum LimitProfile {
  NONE(Double.MAX_VALUE, Double.MAX_VALUE, StripeKeyMode.LIVE),
  LIVE(25, 100, StripeKeyMode.LIVE),
  SANDBOX(25, 25, StripeKeyMode.SANDBOX),
  LOW(5, 100, StripeKeyMode.LIVE);

  /** The list endpoint's rate the account allows. */
  final double endpointRequestsPerSecond;
  /** The rate the account allows over all endpoints together. */
  final double accountRequestsPerSecond;
  final StripeKeyMode mode;

  LimitProfile(double endpointRequestsPerSecond, double accountRequestsPerSecond, StripeKeyMode mode) {
    this.endpointRequestsPerSecond = endpointRequestsPerSecond;
    this.accountRequestsPerSecond = accountRequestsPerSecond;
    this.mode = mode;
  }

  static LimitProfile parse(String name) {
    return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
  }

  /** The emulator's limits for this profile; null for {@link #NONE}. */
  AccountLimits emulated(int maxInFlight) {
    return switch (this) {
      case NONE -> null;
      case LIVE, SANDBOX -> AccountLimits.documented(maxInFlight);
      case LOW -> AccountLimits.documented(4).withEndpointRequestsPerSecond(5);
    };
  }

  /** The key the engine uses: its prefix is what tells live from sandbox. */
  String apiKey() {
    return mode == StripeKeyMode.SANDBOX ? "sk_test_emulator" : AccountSpec.LIVE_KEY;
  }
}
