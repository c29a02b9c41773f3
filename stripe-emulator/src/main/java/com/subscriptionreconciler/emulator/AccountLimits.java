package com.subscriptionreconciler.emulator;

import java.time.Duration;

/**
 * Stripe's limiters as the emulator models them (see docs/reference.md, The Stripe emulator).
 *
 * @param liveRequestsPerSecond all requests of a live-mode key ({@code sk_live_}/{@code rk_live_}) together; 0 = off
 * @param sandboxRequestsPerSecond all requests of any other key together; 0 = off
 * @param endpointRequestsPerSecond each endpoint ({@code GET /v1/subscriptions}, {@code GET /v1/subscriptions/{id}}
 *     …) on its own; 0 = off
 * @param maxInFlight requests being answered at once; 0 = off. Long list requests with expansions are refused
 *     first: they are refused from {@link #SHED_EXPANDED_LISTS_AT} of this figure on, everything else only at it
 * @param latencyPerInFlight extra latency of every answer for each other request in flight (load)
 * @param latencyPerExpandedPage extra latency of a list answer with {@code expand[]} of a full (100 item) page,
 *     proportionally less for shorter pages
 */
public record AccountLimits(
    double liveRequestsPerSecond,
    double sandboxRequestsPerSecond,
    double endpointRequestsPerSecond,
    int maxInFlight,
    Duration latencyPerInFlight,
    Duration latencyPerExpandedPage) {

  public static final double SHED_EXPANDED_LISTS_AT = 0.75;

  public AccountLimits {
    if (!(liveRequestsPerSecond >= 0) || !(sandboxRequestsPerSecond >= 0) || !(endpointRequestsPerSecond >= 0)
        || maxInFlight < 0) {
      throw new IllegalArgumentException("limits must be >= 0");
    }
    java.util.Objects.requireNonNull(latencyPerInFlight, "latencyPerInFlight");
    java.util.Objects.requireNonNull(latencyPerExpandedPage, "latencyPerExpandedPage");
  }

  /**
   * Stripe's documented limits: 100/s live, 25/s sandbox, 25/s per endpoint; a concurrency cap of
   * {@code maxInFlight} (Stripe does not publish its figure); 2 ms more per request in flight and 60 ms more for an
   * expanded full page.
   */
  public static AccountLimits documented(int maxInFlight) {
    return new AccountLimits(100, 25, 25, maxInFlight, Duration.ofMillis(2), Duration.ofMillis(60));
  }

  /** The same limits with another per-endpoint rate, e.g. an account Stripe gave lower limits. */
  public AccountLimits withEndpointRequestsPerSecond(double perSecond) {
    return new AccountLimits(liveRequestsPerSecond, sandboxRequestsPerSecond, perSecond, maxInFlight,
        latencyPerInFlight, latencyPerExpandedPage);
  }

  /** The same limits with other account-wide rates (live, sandbox). */
  public AccountLimits withAccountRequestsPerSecond(double live, double sandbox) {
    return new AccountLimits(live, sandbox, endpointRequestsPerSecond, maxInFlight, latencyPerInFlight,
        latencyPerExpandedPage);
  }

  public AccountLimits withMaxInFlight(int inFlight) {
    return new AccountLimits(liveRequestsPerSecond, sandboxRequestsPerSecond, endpointRequestsPerSecond, inFlight,
        latencyPerInFlight, latencyPerExpandedPage);
  }
}
