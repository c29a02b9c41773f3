package com.subscriptionreconciler.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What reached the emulator. Every request is counted, whatever its fate (served, throttled,
 * failed, dropped, refused), under its endpoint template such as {@code "GET /v1/subscriptions"}
 * or {@code "GET /v1/subscriptions/{id}"}; the fates are also counted on their own.
 */
public final class RequestCounters {

  private final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> firstArrival = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastArrival = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final LongAdder writes = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
  private final LongAdder injectedFailures = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder unauthorized = new LongAdder();

  /** Counts an arriving request; returns its 1-based number since the last reset. */
  long arrive(String endpoint) {
    byEndpoint.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
    long number = total.incrementAndGet();
    firstArrival.computeIfAbsent(endpoint, k -> new AtomicLong(Long.MAX_VALUE)).accumulateAndGet(number, Math::min);
    lastArrival.computeIfAbsent(endpoint, k -> new AtomicLong()).accumulateAndGet(number, Math::max);
    return number;
  }

  /**
   * The number (1-based, since the last reset) of the first request to one endpoint, or 0 when none came: tells
   * which work overlapped which, e.g. retrieves that arrived before the listing's last page.
   */
  public long firstArrival(String endpoint) {
    AtomicLong number = firstArrival.get(endpoint);
    return number == null ? 0 : number.get();
  }

  /** The number of the last request to one endpoint, or 0 when none came. */
  public long lastArrival(String endpoint) {
    AtomicLong number = lastArrival.get(endpoint);
    return number == null ? 0 : number.get();
  }

  void write() {
    writes.increment();
  }

  void throttled() {
    throttled.increment();
  }

  /** A 429, counted also under its reason ({@code global-rate}, {@code endpoint-rate}, {@code lock_timeout} …). */
  void throttled(String reason) {
    throttled.increment();
    byReason.computeIfAbsent(reason, k -> new LongAdder()).increment();
  }

  /** 429s answered for one reason, e.g. {@code "endpoint-rate"} or {@code "global-concurrency"}. */
  public long throttledRequests(String reason) {
    LongAdder adder = byReason.get(reason);
    return adder == null ? 0 : adder.sum();
  }

  void injectedFailure() {
    injectedFailures.increment();
  }

  void dropped() {
    dropped.increment();
  }

  void unauthorized() {
    unauthorized.increment();
  }

  /** Requests to one endpoint, e.g. {@code requestCount("GET /v1/subscriptions/{id}")}. */
  public long requestCount(String endpoint) {
    LongAdder adder = byEndpoint.get(endpoint);
    return adder == null ? 0 : adder.sum();
  }

  public long totalRequests() {
    return total.get();
  }

  /** POST/PUT/PATCH/DELETE attempts: the reconciler must keep this at zero. */
  public long writeAttempts() {
    return writes.sum();
  }

  /** Requests answered 429 (the rate limit knob, the account limits, injected lock timeouts). */
  public long throttledRequests() {
    return throttled.sum();
  }

  /** Requests answered with an injected 5xx. */
  public long injectedFailures() {
    return injectedFailures.sum();
  }

  /** Requests whose connection was closed without an answer. */
  public long droppedConnections() {
    return dropped.sum();
  }

  /** Requests answered 401. */
  public long unauthorizedRequests() {
    return unauthorized.sum();
  }

  /** Endpoint → count, sorted by endpoint. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    byEndpoint.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public void reset() {
    byEndpoint.clear();
    firstArrival.clear();
    lastArrival.clear();
    total.set(0);
    writes.reset();
    throttled.reset();
    byReason.clear();
    injectedFailures.reset();
    dropped.reset();
    unauthorized.reset();
  }
}
