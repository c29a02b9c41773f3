package com.subscriptionreconciler.stripe;

/**
 * One endpoint's request rate, found rather than told: it starts at the configured maximum (Stripe's documented
 * 25/s per endpoint, or {@code STRIPE_ENDPOINT_MAX_RPS}), drops when Stripe refuses a request for load, and climbs
 * back while requests are answered.
 *
 * <p>Stripe may give an account lower limits than it documents. A refusal shows the rate that was too high, so the
 * rate falls to {@link #DECREASE} of it ({@link #FIRST_DECREASE} the first time) and then climbs in two speeds: quickly ({@link #FAST_GROWTH} per second) back
 * to just under the rate that was refused, then slowly ({@link #PROBE_GROWTH} per second) past it, probing whether
 * the limit has gone up. The slow part is what keeps refusals rare on an account whose limit sits below the
 * maximum: the run spends most of its time just under the limit instead of oscillating around it.
 *
 * <p>Requests already in flight when the rate dropped were sent at the old rate; their refusals say nothing new,
 * so a refusal of a request sent before the last decrease is ignored. Not thread-safe: the pacer's lock guards it.
 */
final class AdaptiveRate {
  static final double DECREASE = 0.7;
  /** The first refusal says only that the maximum is too high, not by how much: halve. */
  static final double FIRST_DECREASE = 0.5;
  static final double FAST_GROWTH = 0.25;
  static final double PROBE_GROWTH = 0.02;
  /** Below this fraction of the last refused rate the rate climbs fast. */
  static final double NEAR_REFUSED = 0.9;
  /** However often refused, the endpoint still sends: a run that stops sending never finishes. */
  static final double MIN_RATE = 0.5;
  private static final double MAX_STEP_SECONDS = 1;

  private final double max;
  private double rate;
  private double lastRefused = Double.NaN;
  private long decreasedAtNanos = Long.MIN_VALUE;
  private long lastGrowthNanos;

  AdaptiveRate(double maxRequestsPerSecond, long nowNanos) {
    this.max = maxRequestsPerSecond;
    this.rate = maxRequestsPerSecond;
    this.lastGrowthNanos = nowNanos;
  }

  void refused(long sentAtNanos, long nowNanos) {
    if (sentAtNanos < decreasedAtNanos) {
      return;
    }
    double decrease = Double.isNaN(lastRefused) ? FIRST_DECREASE : DECREASE;
    lastRefused = rate;
    rate = Math.max(Math.min(MIN_RATE, max), rate * decrease);
    decreasedAtNanos = nowNanos;
    lastGrowthNanos = nowNanos;
  }

  void answered(long nowNanos) {
    double seconds = Math.min(MAX_STEP_SECONDS, (nowNanos - lastGrowthNanos) / 1e9);
    lastGrowthNanos = nowNanos;
    if (seconds <= 0 || rate >= max) {
      return;
    }
    boolean farBelowRefused = Double.isNaN(lastRefused) || rate < NEAR_REFUSED * lastRefused;
    double growth = farBelowRefused ? FAST_GROWTH : PROBE_GROWTH;
    rate = Math.min(max, rate * (1 + growth * seconds));
  }

  double requestsPerSecond() {
    return rate;
  }

  long intervalNanos() {
    return RequestPacer.intervalNanos(rate);
  }
}
