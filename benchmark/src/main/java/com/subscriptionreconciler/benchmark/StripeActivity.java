package com.subscriptionreconciler.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * When a run was talking to Stripe: samples the paced client's request counter every few milliseconds and
 * keeps the time of the first and of the last increase. {@code requests / window} is the rate the run
 * achieved while it was using Stripe (listing, orphan retrieves), which is what the rate budget is about;
 * {@code requests / total duration} also charges the database work before and after.
 */
final class StripeActivity implements AutoCloseable {
  private static final long PERIOD_MILLIS = 5;

  private final LongSupplier requests;
  private final long baseline;
  private final Thread sampler;
  private volatile long firstNanos = -1;
  private volatile long lastNanos = -1;
  private volatile boolean running = true;
  /** Requests counted per whole second since the sampler started: the run's rate over time, for diagnosis. */
  private final List<Long> perSecond = Collections.synchronizedList(new ArrayList<>());

  StripeActivity(LongSupplier requests) {
    this.requests = requests;
    this.baseline = requests.getAsLong();
    this.sampler = new Thread(this::sample, "stripe-activity-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample() {
    long last = baseline;
    long started = System.nanoTime();
    long secondStartCount = baseline;
    while (running) {
      long now = System.nanoTime();
      long count = requests.getAsLong();
      if ((now - started) / 1_000_000_000L >= perSecond.size() + 1) {
        perSecond.add(count - secondStartCount);
        secondStartCount = count;
      }
      if (count != last) {
        if (firstNanos < 0) {
          firstNanos = now;
        }
        lastNanos = now;
        last = count;
      }
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Requests sent in each whole second since sampling began. */
  List<Long> perSecond() {
    synchronized (perSecond) {
      return List.copyOf(perSecond);
    }
  }

  /** Milliseconds from the first to the last request the run sent (sampling resolution ~5 ms). */
  long windowMillis() {
    return firstNanos < 0 ? 0 : (lastNanos - firstNanos) / 1_000_000;
  }

  /** Milliseconds from {@code startNanos} to the first request; -1 when there was none. */
  long firstRequestAfterMillis(long startNanos) {
    return firstNanos < 0 ? -1 : (firstNanos - startNanos) / 1_000_000;
  }

  /** Milliseconds from {@code startNanos} to the last request; -1 when there was none. */
  long lastRequestAfterMillis(long startNanos) {
    return lastNanos < 0 ? -1 : (lastNanos - startNanos) / 1_000_000;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.join();
  }
}
