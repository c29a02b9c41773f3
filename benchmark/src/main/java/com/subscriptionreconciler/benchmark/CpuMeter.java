package com.subscriptionreconciler.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU spent during one measured phase: by the whole process, and by the calling thread, which in a run is the
 * thread that consumes listed pages (plans them, reads and writes the database). If that thread's CPU is close
 * to the wall time, the consumer, not Stripe, sets the pace; on a shared 2-core machine the process total says
 * how much of the machine the engine needed.
 */
final class CpuMeter {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long processBefore;
  private long threadBefore;

  void start() {
    processBefore = processCpuNanos();
    threadBefore = threads.getCurrentThreadCpuTime();
  }

  Map<String, Object> stop() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("processCpuMs", (processCpuNanos() - processBefore) / 1_000_000);
    out.put("runThreadCpuMs", (threads.getCurrentThreadCpuTime() - threadBefore) / 1_000_000);
    return out;
  }

  static long processCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
