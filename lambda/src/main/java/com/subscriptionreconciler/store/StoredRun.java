package com.subscriptionreconciler.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A run as stored: its row, the full report JSON exactly as the engine wrote it ({@code report} column), and the
 * progress of a full run paused at a Lambda deadline ({@code resume_state}). The report is absent for a run that
 * is still running or that died before writing it; callers then fall back to the row's counts. The resume state
 * is present only while the run waits for its next invocation.
 */
public record StoredRun(RunSummary summary, Optional<String> reportJson, Optional<String> resumeState) {
  public StoredRun {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(reportJson, "reportJson");
    Objects.requireNonNull(resumeState, "resumeState");
  }

  public String id() {
    return summary.runId();
  }
}
