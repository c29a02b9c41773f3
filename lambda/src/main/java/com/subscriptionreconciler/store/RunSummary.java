package com.subscriptionreconciler.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One {@code reconciliation_runs} row as the operator sees it in {@code runs} and {@code show}: identity, outcome
 * and the report's counts. {@code finishedAt} and {@code durationMs} are null while a run is still running (or
 * when it died without finishing). {@code account} is the Stripe account's label, read only with
 * {@code STRIPE_ACCOUNTS} (null otherwise, and for runs recorded before it was set: the default account's).
 *
 * <p>{@code trigger}, {@code mode} and {@code status} are the columns' text as stored, not the report's enums: a
 * newer version sharing the database may have written a value this one does not know, and {@code runs} still
 * lists such a run as it is. Readers that need the enum parse with its {@code fromWireName}.
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
    String rollbackOfRunId,
    String account) {

  /** A run of a deployment without {@code STRIPE_ACCOUNTS} (no account). */
  public RunSummary(
      String runId, String trigger, String mode, boolean dryRun, String status, Instant startedAt, Instant finishedAt,
      Long durationMs, long totalOrganizations, long totalSubscriptions, long synchronizedCount, long created,
      long archived, long skipped, long unlinked, long errors, long stripeRequests, String error,
      String rollbackOfRunId) {
    this(runId, trigger, mode, dryRun, status, startedAt, finishedAt, durationMs, totalOrganizations,
        totalSubscriptions, synchronizedCount, created, archived, skipped, unlinked, errors, stripeRequests, error,
        rollbackOfRunId, null);
  }

  public RunSummary {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
  }
}
