package com.subscriptionreconciler.emulator;

/** Token bucket: refills {@code rate} tokens a second, holds at most {@code max(1, rate)}. Rate 0 = off. */
final class RateLimiter {

  private double rate;
  private double capacity;
  private double tokens;
  private long lastRefillNanos = System.nanoTime();

  synchronized void setRate(double requestsPerSecond) {
    if (!(requestsPerSecond >= 0)) {
      throw new IllegalArgumentException("rate must be >= 0");
    }
    this.rate = requestsPerSecond;
    this.capacity = Math.max(1, requestsPerSecond);
    this.tokens = capacity;
    this.lastRefillNanos = System.nanoTime();
  }

  synchronized boolean tryAcquire() {
    if (rate == 0) {
      return true;
    }
    long nowNanos = System.nanoTime();
    tokens = Math.min(capacity, tokens + (nowNanos - lastRefillNanos) * rate / 1e9);
    lastRefillNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
