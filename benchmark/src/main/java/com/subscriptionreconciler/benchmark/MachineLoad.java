package com.subscriptionreconciler.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What else the machine was doing: the benchmark shares a 2-core machine with other builds, and the embedded
 * MariaDB (a child process of the orchestrator) competes with the engine for the same cores.
 */
final class MachineLoad {
  private MachineLoad() {}

  /** CPU time used so far by this process's mariadbd descendant(s). */
  static long mariaDbCpuMillis() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("mariadbd")).orElse(false))
        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L))
        .sum();
  }

  /** The 1, 5 and 15 minute load averages, as the kernel prints them. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
