package com.subscriptionreconciler.store;

import java.util.concurrent.atomic.AtomicLong;

/** Counts SQL statements a run sends, for the benchmark and for tests that prove reads are set-based. */
public final class StatementCounter {
  private final AtomicLong count = new AtomicLong();

  void increment() {
    count.incrementAndGet();
  }

  void add(long n) {
    count.addAndGet(n);
  }

  public long count() {
    return count.get();
  }
}
