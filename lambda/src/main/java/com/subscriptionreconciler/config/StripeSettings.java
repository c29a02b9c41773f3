package com.subscriptionreconciler.config;

import java.util.Objects;

/**
 * How to reach Stripe: {@code STRIPE_API_BASE}, the key (from {@code STRIPE_SECRET_KEY} or
 * {@code STRIPE_SECRET_ID}), and {@code STRIPE_MAX_RPS}, our own ceiling so the live application keeps its rate
 * limit.
 */
public record StripeSettings(String apiBase, Secret apiKey, double maxRequestsPerSecond, int maxNetworkRetries) {
  public static final String DEFAULT_API_BASE = "https://api.stripe.com";
  public static final double DEFAULT_MAX_RPS = 20;
  public static final int DEFAULT_NETWORK_RETRIES = 3;

  public StripeSettings {
    Objects.requireNonNull(apiBase, "apiBase");
    Objects.requireNonNull(apiKey, "apiKey");
    if (!(maxRequestsPerSecond > 0)) {
      throw new IllegalArgumentException("STRIPE_MAX_RPS must be a positive number");
    }
  }
}
