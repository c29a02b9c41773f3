package com.subscriptionreconciler.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One {@code reconciliation_runs} row as the operator sees it in {@code runs} and {@code show}: identity, outcome
 * and the report's counts. {@code finishedAt} and {@code durationMs} are null while a run is still running (or
 * when it died without finishing).
 */
public record RunSummary(
    String runId,
    String trigger,
    String mode,
    boolean dryRun,
    String status,
    Instant startedAt,
    Instant finishedAt,
    Long durationMs,
    long totalOrganizations,
    long totalSubscriptions,
    long synchronizedCount,
    long created,
    long archived,
    long skipped,
    long unlinked,
    long errors,
    long stripeRequests,
    String error,
    String rollbackOfRunId) {

  public RunSummary {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
  }
}
