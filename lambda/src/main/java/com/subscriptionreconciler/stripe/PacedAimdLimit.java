package com.subscriptionreconciler.stripe;

import com.netflix.concurrency.limits.limit.AbstractLimit;
import java.time.Duration;

/**
 * Additive increase, multiplicative decrease of the cap on requests in flight, at most one step per window.
 *
 * <p>The library's own {@code AIMDLimit} grows by one per answer: at 25 answers a second it overshoots a small
 * concurrency cap within a second, and every refusal of the requests already in flight cuts it again, so a burst
 * of refusals collapses it to 1. Its {@code WindowedLimit} needs ten answers per window, which an account limited
 * to 5 requests a second does not give, and drops what a short window saw, refusals included. So this limit is
 * the same rule paced by time: grow by one per {@code window} while the requests in flight fill at least half the
 * cap (an idle cap never grows), and shrink by {@code backoff} at most once per window when Stripe refused a
 * request for load or an answer took longer than {@code slowAnswer}. A step up does not hold back the next step
 * down: the refusal that follows growth is the one that shows where the account's limit is.
 *
 * <p>A refusal also shows where the account's concurrency limit is. Growing back to the cap that was refused is
 * a probe that costs a 429 if the limit has not moved, so that step is taken only once per {@link #PROBE_WINDOW}:
 * on an account that allows 4 requests in flight, the run spends its time at 3 instead of refusing one request in
 * every few.
 */
final class PacedAimdLimit extends AbstractLimit {
  static final Duration PROBE_WINDOW = Duration.ofSeconds(30);

  private final int min;
  private final int max;
  private final double backoff;
  private final long windowNanos;
  private final long slowAnswerNanos;
  private long lastChangeNanos = Long.MIN_VALUE / 2;
  private long lastDecreaseNanos = Long.MIN_VALUE / 2;
  private int refusedLimit = Integer.MAX_VALUE;

  PacedAimdLimit(int initial, int min, int max, double backoff, Duration window, Duration slowAnswer) {
    super(Math.max(min, Math.min(max, initial)));
    this.min = min;
    this.max = max;
    this.backoff = backoff;
    this.windowNanos = window.toNanos();
    this.slowAnswerNanos = slowAnswer.toNanos();
  }

  @Override
  protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
    int limit = getLimit();
    long now = startTime + rtt;
    if (didDrop || rtt > slowAnswerNanos) {
      // a step up a moment ago does not excuse a refusal: only the last step down does
      if (now - lastDecreaseNanos < windowNanos) {
        return limit;
      }
      lastChangeNanos = now;
      lastDecreaseNanos = now;
      if (didDrop) {
        refusedLimit = limit;
      }
      return Math.max(min, (int) (limit * backoff));
    }
    if (now - lastChangeNanos < windowNanos) {
      return limit;
    }
    if (inflight * 2 >= limit && limit < max) {
      boolean probing = limit + 1 >= refusedLimit;
      if (probing && now - lastChangeNanos < PROBE_WINDOW.toNanos()) {
        return limit;
      }
      lastChangeNanos = now;
      return limit + 1;
    }
    return limit;
  }
}
