package com.subscriptionreconciler.demo;

/**
 * What a seeding call wrote: rows inserted and INSERT statements sent (a multi-row statement counts once), so
 * callers can see batching at work and benchmarks can report rows per second.
 */
public record SeedResult(long rows, long statements, long elapsedMillis) {

  public SeedResult plus(SeedResult other) {
    return new SeedResult(rows + other.rows, statements + other.statements, elapsedMillis + other.elapsedMillis);
  }
}
