package com.subscriptionreconciler.benchmark;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Peak heap of one measured phase. {@link #start()} collects garbage and resets every heap pool's peak, so the
 * figure excludes what the process held before; {@link #stop()} sums the pools' peaks. The sum is an upper
 * bound (pools peak at different moments), which is the safe direction for a "stays under 512 MB" target.
 */
final class HeapMeter {
  private long gcCountBefore;
  private long gcMillisBefore;

  void start() {
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    gcCountBefore = gcCount();
    gcMillisBefore = gcMillis();
  }

  Map<String, Object> stop() {
    long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("peakHeapBytes", peak);
    out.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    out.put("gcCount", gcCount() - gcCountBefore);
    out.put("gcMillis", gcMillis() - gcMillisBefore);
    return out;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(c -> c > 0).sum();
  }
}
