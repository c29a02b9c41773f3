package com.subscriptionreconciler.demo;

import java.io.PrintWriter;

/**
 * PLACEHOLDER owned by the CLI branch only so {@code demo} compiles: the demo engineer's {@code Demo} (embedded
 * MariaDB, Stripe emulator, seeded drift, dry run then real run) replaces this whole file on merge. The contract
 * the CLI relies on is just this signature: print to {@code out}, return the process exit code.
 */
public final class Demo {
  private Demo() {}

  public static int run(PrintWriter out) {
    out.println("demo not available yet");
    out.flush();
    return 1;
  }
}
