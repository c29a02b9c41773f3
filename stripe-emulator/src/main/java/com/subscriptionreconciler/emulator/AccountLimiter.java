package com.subscriptionreconciler.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies {@link AccountLimits} to arriving requests: the concurrency limiter first (a request it refuses costs
 * no rate), then the account's rate by key mode, then the endpoint's rate. Each rate is a token bucket holding one
 * second of requests, as Stripe's limiters allow short bursts.
 */
final class AccountLimiter {

  /** Why a request was refused, as Stripe names it in {@code Stripe-Rate-Limited-Reason}. */
  enum Refusal {
    GLOBAL_CONCURRENCY("global-concurrency", "Too many concurrent requests"),
    GLOBAL_RATE("global-rate", "Request rate limit exceeded"),
    ENDPOINT_RATE("endpoint-rate", "Request rate limit exceeded for this endpoint");

    final String header;
    final String summary;

    Refusal(String header, String summary) {
      this.header = header;
      this.summary = summary;
    }
  }

  private final AccountLimits limits;
  private final RateLimiter live = new RateLimiter();
  private final RateLimiter sandbox = new RateLimiter();
  private final Map<String, RateLimiter> endpoints = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  AccountLimiter(AccountLimits limits) {
    this.limits = limits;
    live.setRate(limits.liveRequestsPerSecond());
    sandbox.setRate(limits.sandboxRequestsPerSecond());
  }

  AccountLimits limits() {
    return limits;
  }

  /**
   * Admits the request (then {@link #finished} must follow once it is answered) or says why not.
   *
   * @param expandedList a list request with {@code expand[]}: the concurrency limiter sheds these first
   */
  Refusal admit(String endpoint, boolean liveKey, boolean expandedList) {
    int cap = limits.maxInFlight();
    int now = inFlight.incrementAndGet();
    if (cap > 0 && (now > cap || (expandedList && now > Math.ceil(cap * AccountLimits.SHED_EXPANDED_LISTS_AT)))) {
      inFlight.decrementAndGet();
      return Refusal.GLOBAL_CONCURRENCY;
    }
    if (!(liveKey ? live : sandbox).tryAcquire()) {
      inFlight.decrementAndGet();
      return Refusal.GLOBAL_RATE;
    }
    RateLimiter perEndpoint = endpoints.computeIfAbsent(endpoint, e -> {
      RateLimiter r = new RateLimiter();
      r.setRate(limits.endpointRequestsPerSecond());
      return r;
    });
    if (!perEndpoint.tryAcquire()) {
      inFlight.decrementAndGet();
      return Refusal.ENDPOINT_RATE;
    }
    return null;
  }

  void finished() {
    inFlight.decrementAndGet();
  }

  /** Requests admitted and not yet answered. */
  int inFlight() {
    return inFlight.get();
  }

  /** The answer's extra latency under the current load, and for an expanded list of {@code items}. */
  long extraLatencyMillis(int items, boolean expanded) {
    long load = limits.latencyPerInFlight().toMillis() * Math.max(0, inFlight.get() - 1);
    long expansion = expanded ? limits.latencyPerExpandedPage().toMillis() * items / 100 : 0;
    return load + expansion;
  }
}
