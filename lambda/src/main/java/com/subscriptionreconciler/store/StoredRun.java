package com.subscriptionreconciler.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A run as stored: its row, and the full report JSON exactly as the engine wrote it ({@code report} column).
 * The report is absent for a run that is still running or that died before writing it; callers then fall back
 * to the row's counts.
 */
public record StoredRun(RunSummary summary, Optional<String> reportJson) {
  public StoredRun {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(reportJson, "reportJson");
  }
}
