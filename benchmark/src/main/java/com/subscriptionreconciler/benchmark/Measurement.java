package com.subscriptionreconciler.benchmark;

import java.util.List;
import java.util.Map;

/** One engine process's numbers for one size and rate, with what the seeding injected and the baseline's time. */
record Measurement(
    int n,
    double rps,
    int parallelism,
    long wallMs,
    long requests,
    long emulatorRequests,
    long throttled,
    long stripeWindowMs,
    long statements,
    long peakHeapBytes,
    long gcCount,
    long gcMillis,
    String status,
    long found,
    long organizationChanges,
    long injected,
    long orphans,
    long secondRunChanges,
    long secondRunRequests,
    Long baselineWallMs,
    LimitProfile limits,
    double endpointRps,
    long peakInFlight) {

  /**
   * The realistic lower bound, with the orphan confirmations overlapped with the listing: the longest of ceil(N/100)
   * pages at the list endpoint's rate, the orphans at the retrieve endpoint's (the same per-endpoint rate), and
   * both together at the rate every endpoint shares (STRIPE_MAX_RPS, capped by the account's own limit).
   */
  double boundSeconds() {
    return Math.max(pages() / listRate(), Math.max(orphans / listRate(), (pages() + orphans) / sharedRate()));
  }

  /** The least of STRIPE_MAX_RPS, STRIPE_ENDPOINT_MAX_RPS and what the account allows per endpoint. */
  double listRate() {
    return Math.min(rps, Math.min(endpointRps, limits.endpointRequestsPerSecond));
  }

  /** The rate all endpoints share: STRIPE_MAX_RPS, at most the account's limit (25/s with a sandbox key). */
  double sharedRate() {
    return Math.min(rps, limits.accountRequestsPerSecond);
  }

  /** 429s as a share of every attempt that reached the emulator. */
  double refusedShare() {
    return emulatorRequests == 0 ? 0 : (double) throttled / emulatorRequests;
  }

  double ratioToBound() {
    return wallMs / 1000.0 / boundSeconds();
  }

  long pages() {
    return (n + 99) / 100;
  }

  /** Requests beyond ceil(N/100) + orphans: the "constant" of the request target. */
  long requestOverhead() {
    return requests - pages() - orphans;
  }

  double windowRps() {
    return stripeWindowMs == 0 ? 0 : requests * 1000.0 / stripeWindowMs;
  }

  double totalRps() {
    return wallMs == 0 ? 0 : requests * 1000.0 / wallMs;
  }

  Double speedUp() {
    return baselineWallMs == null ? null : baselineWallMs / (double) wallMs;
  }

  @SuppressWarnings("unchecked")
  static Measurement of(
      int n, Map<String, Object> seed, Map<String, Object> engine, Long baselineWallMs, LimitProfile limits) {
    List<Map<String, Object>> runs = (List<Map<String, Object>>) engine.get("runs");
    Map<String, Object> first = runs.get(0);
    Map<String, Object> second = runs.size() > 1 ? runs.get(1) : Map.of();
    Map<String, Object> emulator = (Map<String, Object>) first.get("emulator");
    long found = num(first, "subscriptionChanges");
    long secondChanges = num(second, "synchronized") + num(second, "created") + num(second, "archived");
    return new Measurement(n, ((Number) engine.get("rps")).doubleValue(), (int) num(engine, "parallelism"),
        num(first, "wallMs"), num(first, "stripeRequests"), num(emulator, "total"), num(emulator, "throttled"),
        num(first, "stripeWindowMs"), num(first, "statements"), num(first, "peakHeapBytes"), num(first, "gcCount"),
        num(first, "gcMillis"), String.valueOf(first.get("status")), found, num(first, "organizationChanges"), num(seed, "driftTotal"),
        num(seed, "expectedArchived"), secondChanges, num(second, "stripeRequests"), baselineWallMs, limits,
        engine.get("endpointRps") == null ? ((Number) engine.get("rps")).doubleValue()
            : ((Number) engine.get("endpointRps")).doubleValue(),
        num(first, "peakInFlight"));
  }

  private static long num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? 0 : ((Number) v).longValue();
  }
}
