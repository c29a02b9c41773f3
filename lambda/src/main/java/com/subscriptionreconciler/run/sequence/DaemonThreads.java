package com.subscriptionreconciler.run.sequence;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The run's worker pools. Their threads are daemons so that a run which ends by an exception, or a Lambda
 * invocation that freezes mid-run, never keeps the JVM alive on a worker blocked in a Stripe request.
 */
final class DaemonThreads {
  private DaemonThreads() {}

  /** A fixed pool of {@code size} daemon threads, all named {@code name}. */
  static ExecutorService fixedPool(int size, String name) {
    return Executors.newFixedThreadPool(size, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}
