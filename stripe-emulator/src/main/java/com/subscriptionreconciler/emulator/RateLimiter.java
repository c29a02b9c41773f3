package com.subscriptionreconciler.emulator;

/** Token bucket: refills {@code rate} tokens a second, holds at most {@code rate}. Rate 0 = off. */
final class RateLimiter {

  private int rate;
  private double tokens;
  private long lastRefillNanos = System.nanoTime();

  synchronized void setRate(int requestsPerSecond) {
    if (requestsPerSecond < 0) {
      throw new IllegalArgumentException("rate must be >= 0");
    }
    this.rate = requestsPerSecond;
    this.tokens = requestsPerSecond;
    this.lastRefillNanos = System.nanoTime();
  }

  synchronized boolean tryAcquire() {
    if (rate == 0) {
      return true;
    }
    long nowNanos = System.nanoTime();
    tokens = Math.min(rate, tokens + (nowNanos - lastRefillNanos) * rate / 1e9);
    lastRefillNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
