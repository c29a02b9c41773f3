package com.subscriptionreconciler.stripe;

import java.util.ArrayDeque;

/**
 * One endpoint's request rate, found rather than told: it starts at the configured maximum (Stripe's documented
 * 25/s per endpoint, or {@code STRIPE_ENDPOINT_MAX_RPS}), drops when Stripe refuses a request for load, and climbs
 * back while requests are answered.
 *
 * <p>Stripe may give an account lower limits than it documents. A refusal shows the rate that was too high, so the
 * rate falls to {@link #DECREASE} of it ({@link #FIRST_DECREASE} the first time) and then climbs in two speeds:
 * quickly ({@link #FAST_GROWTH} per second) back to just under the rate that was refused, then slowly
 * ({@link #PROBE_GROWTH} per second) past it, probing whether the limit has gone up. The slow part is what keeps
 * refusals rare on an account whose limit sits below the maximum: the run spends most of its time just under the
 * limit instead of oscillating around it.
 *
 * <p>The first refusal measures rather than halves: the rate that was refused is the rate Stripe was accepting,
 * counted from the answers of the last {@link #OBSERVED_WINDOW_NANOS} ns, when that is below the paced rate, and
 * the rate falls to {@link #DECREASE} of that measurement. Until then the paced rate is the configured maximum, an
 * upper bound that the cap on requests in flight (or too few callers) may have kept the endpoint well below, and
 * halving a bound that was never reached teaches nothing: an account limited to 5/s would need four refusals to
 * come down from 25/s. Later refusals cut the paced rate: it was reached, and the answers counted after a refusal
 * are thinned by the refused requests' own waits, so they would understate what the account accepts.
 *
 * <p>Some refusals are the debt of the rate before a decrease, not news about the new rate: those of requests sent
 * before it, and those of retries sent within {@link #SETTLE_NANOS} ns of it (the requests refused at the old rate
 * come back while Stripe's bucket is still empty). They are ignored. Cutting on each of them took an account
 * limited to 5/s down to 2/s, and the slow probing climb kept it there. A first attempt sent after the decrease
 * that is refused is news, however soon: the rate is still too high.
 *
 * <p>A limit Stripe lowered for the account is usually lowered for its other endpoints too, so an endpoint that
 * has not been used yet starts where a refused one stands ({@link #startLike}) instead of at the maximum.
 *
 * <p>Not thread-safe: the pacer's lock guards it.
 */
final class AdaptiveRate {
  static final double DECREASE = 0.7;
  /**
   * A first refusal that cannot be measured (too few answers) or that came at the paced rate says only that the
   * rate is too high, not by how much: halve.
   */
  static final double FIRST_DECREASE = 0.5;
  static final double FAST_GROWTH = 0.25;
  static final double PROBE_GROWTH = 0.02;
  /** Below this fraction of the last refused rate the rate climbs fast. */
  static final double NEAR_REFUSED = 0.9;
  /** However often refused, the endpoint still sends: a run that stops sending never finishes. */
  static final double MIN_RATE = 0.5;
  private static final double MAX_STEP_SECONDS = 1;
  /** How long after a decrease the refusals of retries are still the old rate's debt. */
  static final long SETTLE_NANOS = 1_000_000_000L;
  /** How far back answers count towards the rate Stripe was accepting. */
  static final long OBSERVED_WINDOW_NANOS = 2_000_000_000L;
  /** Fewer answers than this in the window measure nothing (an endpoint used now and then). */
  static final int MIN_OBSERVED_ANSWERS = 4;

  private final double max;
  private final long startedAtNanos;
  /**
   * When the answers of the last {@link #OBSERVED_WINDOW_NANOS} ns arrived, oldest first; kept only until the
   * first refusal, the one measurement they serve.
   */
  private final ArrayDeque<Long> answers = new ArrayDeque<>();
  private double rate;
  private double lastRefused = Double.NaN;
  private long decreasedAtNanos = Long.MIN_VALUE / 2;
  private long lastGrowthNanos;

  AdaptiveRate(double maxRequestsPerSecond, long nowNanos) {
    this.max = maxRequestsPerSecond;
    this.rate = maxRequestsPerSecond;
    this.startedAtNanos = nowNanos;
    this.lastGrowthNanos = nowNanos;
  }

  /** A rate for an endpoint not used yet, starting where {@code refused} stands after its refusals. */
  AdaptiveRate startLike(long nowNanos) {
    AdaptiveRate fresh = new AdaptiveRate(max, nowNanos);
    fresh.rate = rate;
    fresh.lastRefused = lastRefused;
    return fresh;
  }

  /**
   * Returns whether the rate came down (a refusal that is the old rate's debt does not).
   *
   * @param retry whether the refused request was a retry of one refused before
   */
  boolean refused(long sentAtNanos, long nowNanos, boolean retry) {
    if (sentAtNanos < decreasedAtNanos || (retry && sentAtNanos - decreasedAtNanos < SETTLE_NANOS)) {
      return false;
    }
    double refusedRate = rate;
    double decrease = DECREASE;
    if (Double.isNaN(lastRefused)) {
      double accepted = acceptedPerSecond(nowNanos);
      refusedRate = Math.min(rate, accepted);
      decrease = accepted < rate ? DECREASE : FIRST_DECREASE;
    }
    lastRefused = refusedRate;
    answers.clear();
    rate = Math.max(Math.min(MIN_RATE, max), refusedRate * decrease);
    decreasedAtNanos = nowNanos;
    lastGrowthNanos = nowNanos;
    return true;
  }

  /** Answers per second over the observed window (or since the start), infinite when too few to tell. */
  private double acceptedPerSecond(long nowNanos) {
    forgetAnswersBefore(nowNanos - OBSERVED_WINDOW_NANOS);
    long span = Math.min(OBSERVED_WINDOW_NANOS, nowNanos - startedAtNanos);
    if (answers.size() < MIN_OBSERVED_ANSWERS || span <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return answers.size() * 1e9 / span;
  }

  private void forgetAnswersBefore(long nanos) {
    while (!answers.isEmpty() && answers.peekFirst() < nanos) {
      answers.pollFirst();
    }
  }

  void answered(long nowNanos) {
    if (Double.isNaN(lastRefused)) {
      answers.addLast(nowNanos);
      forgetAnswersBefore(nowNanos - OBSERVED_WINDOW_NANOS);
    }
    double seconds = Math.min(MAX_STEP_SECONDS, (nowNanos - lastGrowthNanos) / 1e9);
    lastGrowthNanos = nowNanos;
    if (seconds <= 0 || rate >= max) {
      return;
    }
    if (Double.isNaN(lastRefused)) {
      rate = Math.min(max, rate * (1 + FAST_GROWTH * seconds));
    } else if (rate < NEAR_REFUSED * lastRefused) { // the fast climb stops just under the refused rate
      rate = Math.min(max, Math.min(NEAR_REFUSED * lastRefused, rate * (1 + FAST_GROWTH * seconds)));
    } else {
      rate = Math.min(max, rate * (1 + PROBE_GROWTH * seconds));
    }
  }

  double requestsPerSecond() {
    return rate;
  }

  long intervalNanos() {
    return RequestPacer.intervalNanos(rate);
  }
}
