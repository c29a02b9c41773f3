package com.subscriptionreconciler.stripe;

import java.time.Duration;
import java.util.Objects;

/**
 * Spaces Stripe requests evenly under {@code STRIPE_MAX_RPS}, across every thread of a run.
 *
 * <p>Stripe's rate limit is per account and shared with the customer's live application; a reconciler that
 * bursts would starve checkout. So instead of a bursty token bucket this hands out evenly spaced send slots: the
 * n-th caller may send at {@code start + n / rps}. Reserving a slot is a short critical section; the wait itself
 * happens outside the lock, so many threads can be in flight at once (needed to reach the budget when each
 * request takes hundreds of milliseconds).
 *
 * <p>{@link #backOff(Duration)} pushes every future slot past a Stripe 429's wait, so all threads back off
 * together rather than each hammering the limit on its own.
 */
public final class RequestPacer {
  private final long intervalNanos;
  private final Clock clock;
  private long nextSlotNanos;

  public RequestPacer(double maxRequestsPerSecond) {
    this(maxRequestsPerSecond, Clock.SYSTEM);
  }

  RequestPacer(double maxRequestsPerSecond, Clock clock) {
    if (!(maxRequestsPerSecond > 0)) {
      throw new IllegalArgumentException("requests per second must be positive");
    }
    this.intervalNanos = Math.max(1L, Math.round(1_000_000_000d / maxRequestsPerSecond));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nextSlotNanos = clock.nanoTime();
  }

  /** Blocks until this caller's send slot. */
  public void acquire() throws InterruptedException {
    long waitNanos = reserve();
    if (waitNanos > 0) {
      clock.sleepNanos(waitNanos);
    }
  }

  /** Reserves the next slot and returns how long the caller must wait for it. */
  synchronized long reserve() {
    long now = clock.nanoTime();
    long slot = Math.max(nextSlotNanos, now);
    nextSlotNanos = slot + intervalNanos;
    return slot - now;
  }

  /** After a 429: no request (from any thread) is sent before {@code delay} has passed. */
  public synchronized void backOff(Duration delay) {
    long until = clock.nanoTime() + delay.toNanos();
    nextSlotNanos = Math.max(nextSlotNanos, until);
  }

  public Duration interval() {
    return Duration.ofNanos(intervalNanos);
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
