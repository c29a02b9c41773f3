package com.subscriptionreconciler.lambda;

import java.util.function.Supplier;

/**
 * A value built on first use and then kept: how the execution environment holds its configuration, engine and
 * pool across warm invocations without building anything in a static initializer. A failed build is not kept, so
 * the next invocation retries (a fixed secret or a recovered network needs no cold start).
 */
final class Memoized<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  Memoized(Supplier<T> factory) {
    this.factory = factory;
  }

  @Override
  public T get() {
    T current = value;
    if (current == null) {
      synchronized (this) {
        current = value;
        if (current == null) {
          current = factory.get();
          value = current;
        }
      }
    }
    return current;
  }
}
