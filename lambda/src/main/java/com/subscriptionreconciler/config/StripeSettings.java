package com.subscriptionreconciler.config;

import java.util.Objects;

/**
 * How to reach Stripe and how hard to push it: {@code STRIPE_API_BASE}, the key (from {@code STRIPE_SECRET_KEY} or
 * {@code STRIPE_SECRET_ID}), {@code STRIPE_MAX_RPS} (our ceiling over all endpoints together, so the live
 * application keeps its rate limit), {@code STRIPE_ENDPOINT_MAX_RPS} (each endpoint's own ceiling) and
 * {@code STRIPE_MAX_IN_FLIGHT} (the most requests the adaptive cap may allow at once). See docs/reference.md,
 * Stripe request limits.
 */
public record StripeSettings(
    String apiBase, Secret apiKey, double maxRequestsPerSecond, int maxNetworkRetries,
    double endpointMaxRequestsPerSecond, int maxInFlight) {
  public static final String DEFAULT_API_BASE = "https://api.stripe.com";
  public static final double DEFAULT_MAX_RPS = 20;
  /** Stripe's documented default limit of each endpoint. */
  public static final double DEFAULT_ENDPOINT_MAX_RPS = 25;
  public static final int DEFAULT_MAX_IN_FLIGHT = 32;
  public static final int DEFAULT_NETWORK_RETRIES = 3;

  public StripeSettings {
    Objects.requireNonNull(apiBase, "apiBase");
    Objects.requireNonNull(apiKey, "apiKey");
    if (!(maxRequestsPerSecond > 0)) {
      throw new IllegalArgumentException("STRIPE_MAX_RPS must be a positive number");
    }
    if (!(endpointMaxRequestsPerSecond > 0)) {
      throw new IllegalArgumentException("STRIPE_ENDPOINT_MAX_RPS must be a positive number");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("STRIPE_MAX_IN_FLIGHT must be at least 1");
    }
  }

  /**
   * One budget for everything, as tests, the demo and benchmarks set it: each endpoint may use the whole of
   * {@code maxRequestsPerSecond}.
   */
  public StripeSettings(String apiBase, Secret apiKey, double maxRequestsPerSecond, int maxNetworkRetries) {
    this(apiBase, apiKey, maxRequestsPerSecond, maxNetworkRetries, maxRequestsPerSecond, DEFAULT_MAX_IN_FLIGHT);
  }
}
