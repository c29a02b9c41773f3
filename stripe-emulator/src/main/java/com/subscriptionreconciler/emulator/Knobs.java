package com.subscriptionreconciler.emulator;

import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault and speed knobs, changeable at any time from any thread. Random decisions (jitter,
 * failure and drop fractions) come from one seeded {@link Random}, so a single-threaded client
 * sees the same faults on every run.
 */
public final class Knobs {

  /** What to do with one request before it is served. */
  enum Fate { SERVE, DROP, FAIL }

  private final Random random;
  private volatile long latencyMillis;
  private volatile long jitterMillis;
  private final RateLimiter rateLimiter = new RateLimiter();
  private volatile AccountLimiter accountLimiter;
  private volatile double lockTimeoutFraction;
  private volatile Boolean rateLimitShouldRetry;
  private volatile long retryAfterSeconds = 1;
  private volatile int failureStatus = 500;
  private volatile double failureFraction;
  private final Set<Long> failOn = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile double dropFraction;
  private final Set<Long> dropOn = ConcurrentHashMap.newKeySet();
  private final AtomicInteger dropNext = new AtomicInteger();
  private final java.util.Map<String, Integer> refusedObjects = new ConcurrentHashMap<>();
  private final Set<String> forbidden = ConcurrentHashMap.newKeySet();

  Knobs(long seed) {
    this.random = new Random(seed);
  }

  /** Every answer is delayed by {@code fixed ± jitter} (uniform); the delay never holds a server thread. */
  public Knobs latency(Duration fixed, Duration jitter) {
    this.latencyMillis = fixed.toMillis();
    this.jitterMillis = jitter.toMillis();
    return this;
  }

  /**
   * At most {@code requestsPerSecond} requests a second (token bucket, burst = the rate); the rest
   * are answered 429 {@code rate_limit}. 0 turns the limit off.
   */
  public Knobs rateLimit(int requestsPerSecond) {
    rateLimiter.setRate(requestsPerSecond);
    return this;
  }

  /**
   * Stripe's own limiters: the account's rate by key mode, each endpoint's rate, a concurrency limiter that sheds
   * expanded lists first, and latency that grows with load and expansions. Null turns them off. Their 429s carry
   * {@code Stripe-Rate-Limited-Reason} and, like every 429, the {@link #rateLimitShouldRetry} and
   * {@link #retryAfterSeconds} headers.
   */
  public Knobs accountLimits(AccountLimits limits) {
    this.accountLimiter = limits == null ? null : new AccountLimiter(limits);
    return this;
  }

  /**
   * Answers this fraction (0..1) of requests 429 {@code lock_timeout} with {@code Stripe-Should-Retry: true}, as
   * Stripe does when another request holds a lock on the object.
   */
  public Knobs lockTimeoutFraction(double fraction) {
    this.lockTimeoutFraction = fraction;
    return this;
  }

  /** Requests being answered right now under {@link #accountLimits}; 0 when they are off. */
  public int inFlight() {
    AccountLimiter limiter = accountLimiter;
    return limiter == null ? 0 : limiter.inFlight();
  }

  /**
   * The {@code Stripe-Should-Retry} header on 429s: null (default) sends none, so stripe-java does
   * not retry them (what Stripe does for real rate limits); true makes stripe-java's network
   * retries back off and retry.
   */
  public Knobs rateLimitShouldRetry(Boolean shouldRetry) {
    this.rateLimitShouldRetry = shouldRetry;
    return this;
  }

  /** The {@code Retry-After} header (seconds) on 429s; 0 omits it. */
  public Knobs retryAfterSeconds(long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** The status of injected failures (500 by default; 502/503/504 also make sense). */
  public Knobs failureStatus(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("failure status must be 5xx: " + status);
    }
    this.failureStatus = status;
    return this;
  }

  /** Answers this fraction (0..1) of requests with an injected 5xx. */
  public Knobs failFraction(double fraction) {
    this.failureFraction = fraction;
    return this;
  }

  /** Answers the Nth requests (1-based, counted since the last counter reset) with a 5xx. */
  public Knobs failRequests(long... requestNumbers) {
    for (long n : requestNumbers) {
      failOn.add(n);
    }
    return this;
  }

  /** Answers the next {@code count} requests with a 5xx. */
  public Knobs failNext(int count) {
    failNext.set(count);
    return this;
  }

  /** Closes the connection without an answer for this fraction (0..1) of requests. */
  public Knobs dropFraction(double fraction) {
    this.dropFraction = fraction;
    return this;
  }

  /** Drops the Nth requests (1-based, counted since the last counter reset). */
  public Knobs dropRequests(long... requestNumbers) {
    for (long n : requestNumbers) {
      dropOn.add(n);
    }
    return this;
  }

  /**
   * Drops the next {@code count} requests. Note: the JDK's HttpURLConnection (stripe-java's
   * transport) silently re-sends a GET once when the server closes the connection without an
   * answer, so a client sees an error only after two consecutive drops.
   */
  public Knobs dropNext(int count) {
    dropNext.set(count);
    return this;
  }

  /**
   * Answers every request about one object with {@code status} (e.g. 403, as Stripe does for an object the key may
   * not read): its retrieve, and any listing filtered by it ({@code ?customer=cus_…}). Other objects are served.
   */
  public Knobs refuseObject(String objectId, int status) {
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("refusal status must be 4xx: " + status);
    }
    refusedObjects.put(objectId, status);
    return this;
  }

  /**
   * Answers requests to {@code endpoint} (e.g. {@code "GET /v1/test_helpers/test_clocks"}) 403, as Stripe answers a
   * restricted key that lacks Read on that resource.
   */
  public Knobs forbid(String endpoint) {
    forbidden.add(endpoint);
    return this;
  }

  boolean forbidden(String endpoint) {
    return forbidden.contains(endpoint);
  }

  /** Back to a fast, faultless server (the seeded random sequence carries on). */
  public Knobs reset() {
    latencyMillis = 0;
    jitterMillis = 0;
    rateLimiter.setRate(0);
    accountLimiter = null;
    lockTimeoutFraction = 0;
    rateLimitShouldRetry = null;
    retryAfterSeconds = 1;
    failureStatus = 500;
    failureFraction = 0;
    failOn.clear();
    failNext.set(0);
    dropFraction = 0;
    dropOn.clear();
    dropNext.set(0);
    refusedObjects.clear();
    forbidden.clear();
    return this;
  }

  // ---- used by the server -----------------------------------------------------------------

  /** The refused object a request names (in its path or as a query value), with the status to answer; else null. */
  java.util.Map.Entry<String, Integer> refusal(String path, String query) {
    for (var refused : refusedObjects.entrySet()) {
      String id = refused.getKey();
      if (path.endsWith("/" + id) || (query != null && java.util.Arrays.stream(query.split("&"))
          .anyMatch(p -> p.endsWith("=" + id)))) {
        return refused;
      }
    }
    return null;
  }

  Fate fate(long requestNumber) {
    if (dropOn.remove(requestNumber) || takeOne(dropNext) || chance(dropFraction)) {
      return Fate.DROP;
    }
    if (failOn.remove(requestNumber) || takeOne(failNext) || chance(failureFraction)) {
      return Fate.FAIL;
    }
    return Fate.SERVE;
  }

  AccountLimiter accountLimiter() {
    return accountLimiter;
  }

  boolean lockTimeout() {
    return chance(lockTimeoutFraction);
  }

  boolean admit() {
    return rateLimiter.tryAcquire();
  }

  long delayMillis() {
    long fixed = latencyMillis;
    long jitter = jitterMillis;
    if (jitter <= 0) {
      return Math.max(0, fixed);
    }
    long offset;
    synchronized (random) {
      offset = (long) ((random.nextDouble() * 2 - 1) * jitter);
    }
    return Math.max(0, fixed + offset);
  }

  Boolean rateLimitShouldRetry() {
    return rateLimitShouldRetry;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  int failureStatus() {
    return failureStatus;
  }

  private boolean chance(double fraction) {
    if (fraction <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < fraction;
    }
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
  }
}
