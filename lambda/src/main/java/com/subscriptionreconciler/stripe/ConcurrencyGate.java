package com.subscriptionreconciler.stripe;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limiter.BlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The adaptive cap on Stripe requests in flight, shared by every thread of a run.
 *
 * <p>Stripe's concurrency limiter sheds long list requests with expansions first, and its figure is not published,
 * so the cap is found: a {@code com.netflix.concurrency-limits} limiter whose limit ({@link PacedAimdLimit}) starts
 * at {@link #INITIAL} requests, adds one per {@link #WINDOW} while the requests in flight fill at least half the
 * cap, and multiplies by {@link #BACKOFF} when Stripe refuses a request for load or an answer takes longer than
 * {@link #SLOW_ANSWER}. The library brings the in-flight accounting, the blocking wait for a permit and the
 * listener protocol; a caller over the cap waits for a permit.
 */
final class ConcurrencyGate {
  static final int INITIAL = 2;
  /**
   * The cap never falls below two. Refusals cannot say whether they came from Stripe's rate limiters or from its
   * concurrency limiter, and every refusal lowers both; at one request in flight a run is serialised on Stripe's
   * latency (about 3 requests a second), below the rate of any endpoint, so a run on an account with a low rate
   * limit would be starved by the cap rather than paced by its rate.
   */
  static final int FLOOR = 2;
  static final double BACKOFF = 0.7;
  static final Duration SLOW_ANSWER = Duration.ofSeconds(3);
  static final Duration WINDOW = Duration.ofMillis(500);
  /** Longer than any invocation: a request never gives up waiting for room, the run's deadline decides. */
  private static final Duration WAIT_LIMIT = Duration.ofMinutes(30);

  private final Limiter<Void> limiter;
  private final PacedAimdLimit limit;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();

  ConcurrencyGate(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("at least one request must be allowed in flight");
    }
    this.limit = new PacedAimdLimit(INITIAL, Math.min(FLOOR, maxInFlight), maxInFlight, BACKOFF, WINDOW, SLOW_ANSWER);
    this.limiter =
        BlockingLimiter.wrap(SimpleLimiter.newBuilder().named("stripe").limit(limit).build(), WAIT_LIMIT);
  }

  /** Waits for room under the cap. */
  Permit acquire() throws InterruptedException {
    Optional<Limiter.Listener> listener = limiter.acquire(null);
    if (listener.isEmpty()) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for room to send a Stripe request");
      }
      throw new IllegalStateException("no room to send a Stripe request within " + WAIT_LIMIT);
    }
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
    return new Permit(listener.get());
  }

  /** The cap as it stands. */
  int limit() {
    return limit.getLimit();
  }

  int peakInFlight() {
    return peakInFlight.get();
  }

  /** One request's room under the cap; exactly one of its methods is called. */
  final class Permit {
    private final Limiter.Listener listener;

    private Permit(Limiter.Listener listener) {
      this.listener = listener;
    }

    /** Answered (whatever the status, but not refused for load): the cap may grow. */
    void answered() {
      inFlight.decrementAndGet();
      listener.onSuccess();
    }

    /** Refused for load: the cap shrinks. */
    void refused() {
      inFlight.decrementAndGet();
      listener.onDropped();
    }

    /** No answer to learn from (a dropped connection, a lock timeout): the cap stays. */
    void ignored() {
      inFlight.decrementAndGet();
      listener.onIgnore();
    }
  }
}
