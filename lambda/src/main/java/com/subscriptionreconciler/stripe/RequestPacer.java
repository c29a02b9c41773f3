package com.subscriptionreconciler.stripe;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Spaces Stripe requests evenly per endpoint and all together, across every thread of a run.
 *
 * <p>Stripe limits an account twice: all requests together (100/s live, 25/s in a sandbox; our own, lower
 * ceiling is {@code STRIPE_MAX_RPS}) and each endpoint on its own (25/s by default). The limits are shared with the
 * customer's live application, so instead of a bursty token bucket this hands out evenly spaced send slots: an
 * endpoint's slots are at least {@code 1 / its rate} apart, and any two slots at least {@code 1 / ceiling} apart.
 * A slot for an idle endpoint fills a gap between slots already reserved for a busy one, so a subscription
 * retrieve never queues behind list requests that are waiting for their own endpoint's next slot. Reserving is a
 * short critical section; the wait itself happens outside the lock.
 *
 * <p>Each endpoint's rate adapts ({@link AdaptiveRate}): a refusal lowers it, steady success raises it again up
 * to the configured maximum; an endpoint first used after another was refused starts at that one's rate.
 * {@link #backOff} holds every request (a 429 with {@code Retry-After} for the whole
 * account); {@link #backOff(String, Duration)} holds one endpoint.
 */
public final class RequestPacer {
  /** The endpoint of requests paced by the ceiling alone ({@link #acquire()}). */
  static final String ANY_ENDPOINT = "";

  private final long ceilingIntervalNanos;
  private final double endpointMaxRequestsPerSecond;
  private final Clock clock;
  /** Send slots handed out that are not yet in the past by a whole ceiling interval: the gaps are still usable. */
  private final TreeSet<Long> reserved = new TreeSet<>();
  private final Map<String, Lane> lanes = new HashMap<>();
  private long heldUntilNanos = Long.MIN_VALUE;
  /** The endpoint rate Stripe's refusals brought lowest, where an endpoint not used yet starts; null before any. */
  private AdaptiveRate lowestRefused;

  public RequestPacer(double maxRequestsPerSecond) {
    this(maxRequestsPerSecond, maxRequestsPerSecond, Clock.SYSTEM);
  }

  /** A pacer for {@code maxRequestsPerSecond} in total and at most {@code endpointMaxRequestsPerSecond} each. */
  public RequestPacer(double maxRequestsPerSecond, double endpointMaxRequestsPerSecond) {
    this(maxRequestsPerSecond, endpointMaxRequestsPerSecond, Clock.SYSTEM);
  }

  RequestPacer(double maxRequestsPerSecond, Clock clock) {
    this(maxRequestsPerSecond, maxRequestsPerSecond, clock);
  }

  RequestPacer(double maxRequestsPerSecond, double endpointMaxRequestsPerSecond, Clock clock) {
    if (!(maxRequestsPerSecond > 0) || !(endpointMaxRequestsPerSecond > 0)) {
      throw new IllegalArgumentException("requests per second must be positive");
    }
    this.ceilingIntervalNanos = intervalNanos(maxRequestsPerSecond);
    this.endpointMaxRequestsPerSecond = endpointMaxRequestsPerSecond;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Blocks until this caller's send slot under the ceiling alone. */
  public void acquire() throws InterruptedException {
    acquire(ANY_ENDPOINT, 0);
  }

  /** Blocks until this caller's send slot for {@code endpoint}, no sooner than {@code notBeforeNanos} from now. */
  public void acquire(String endpoint, long notBeforeNanos) throws InterruptedException {
    long waitNanos = reserve(endpoint, notBeforeNanos);
    if (waitNanos > 0) {
      clock.sleepNanos(waitNanos);
    }
  }

  /** Reserves the next slot under the ceiling and returns how long the caller must wait for it. */
  long reserve() {
    return reserve(ANY_ENDPOINT, 0);
  }

  synchronized long reserve(String endpoint, long notBeforeNanos) {
    long now = clock.nanoTime();
    reserved.headSet(now - ceilingIntervalNanos, true).clear();
    Lane lane = endpoint.isEmpty() ? null : lane(endpoint, now);
    long slot = Math.max(now + Math.max(0, notBeforeNanos), heldUntilNanos);
    if (lane != null) {
      slot = Math.max(slot, lane.nextSlotNanos);
    }
    // the earliest time at least one ceiling interval away from every slot already handed out
    for (Long taken : reserved.tailSet(slot - ceilingIntervalNanos, false)) {
      if (taken - slot >= ceilingIntervalNanos) {
        break;
      }
      slot = taken + ceilingIntervalNanos;
    }
    reserved.add(slot);
    if (lane != null) {
      lane.nextSlotNanos = slot + lane.rate.intervalNanos();
    }
    return slot - now;
  }

  /** After a 429 that names a wait for the whole account: no request is sent before {@code delay} has passed. */
  public synchronized void backOff(Duration delay) {
    heldUntilNanos = Math.max(heldUntilNanos, clock.nanoTime() + delay.toNanos());
  }

  /** After a 429 that names a wait: no request to {@code endpoint} is sent before {@code delay} has passed. */
  public synchronized void backOff(String endpoint, Duration delay) {
    long now = clock.nanoTime();
    Lane lane = lane(endpoint, now);
    lane.nextSlotNanos = Math.max(lane.nextSlotNanos, now + delay.toNanos());
  }

  /**
   * Stripe refused a request to {@code endpoint} sent at {@code sentAtNanos} (a {@code retry} of one refused
   * before, or not) for its rate: slow that endpoint.
   */
  public synchronized void refused(String endpoint, long sentAtNanos, boolean retry) {
    long now = clock.nanoTime();
    AdaptiveRate rate = lane(endpoint, now).rate;
    if (rate.refused(sentAtNanos, now, retry)
        && (lowestRefused == null || rate.requestsPerSecond() < lowestRefused.requestsPerSecond())) {
      lowestRefused = rate;
    }
  }

  /** Stripe answered a request to {@code endpoint}: its rate may grow back towards the maximum. */
  public synchronized void answered(String endpoint) {
    lane(endpoint, clock.nanoTime()).rate.answered(clock.nanoTime());
  }

  /** The rate {@code endpoint} is paced at now, never above the ceiling. */
  public synchronized double requestsPerSecond(String endpoint) {
    double ceiling = 1e9 / ceilingIntervalNanos;
    Lane lane = lanes.get(endpoint);
    double rate = lane != null ? lane.rate.requestsPerSecond()
        : lowestRefused != null ? lowestRefused.requestsPerSecond() : endpointMaxRequestsPerSecond;
    return Math.min(ceiling, rate);
  }

  Clock clock() {
    return clock;
  }

  /** The spacing of slots under the ceiling. */
  public Duration interval() {
    return Duration.ofNanos(ceilingIntervalNanos);
  }

  private Lane lane(String endpoint, long now) {
    return lanes.computeIfAbsent(endpoint, e -> new Lane(lowestRefused == null
        ? new AdaptiveRate(endpointMaxRequestsPerSecond, now)
        : lowestRefused.startLike(now)));
  }

  static long intervalNanos(double requestsPerSecond) {
    return Math.max(1L, Math.round(1_000_000_000d / requestsPerSecond));
  }

  /** One endpoint's rate and its next free slot. */
  private static final class Lane {
    final AdaptiveRate rate;
    long nextSlotNanos = Long.MIN_VALUE;

    Lane(AdaptiveRate rate) {
      this.rate = rate;
    }
  }

  /** Time source and sleeper, replaceable so pacing is tested without real waiting. */
  interface Clock {
    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    Clock SYSTEM = new Clock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleepNanos(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    };
  }
}
