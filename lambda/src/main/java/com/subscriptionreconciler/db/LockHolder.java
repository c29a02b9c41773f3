package com.subscriptionreconciler.db;

import java.time.Instant;

/**
 * Who holds the run lock when {@link RunLock#tryAcquire} could not take it.
 *
 * @param lockName the MySQL named lock
 * @param connectionId the server connection id holding it (from {@code IS_USED_LOCK}), null if it was released
 *     between the attempt and the look-up
 * @param runId the newest {@code reconciliation_runs} row with status {@code running}, if any
 * @param runStartedAt that row's {@code started_at} (UTC), if any
 */
public record LockHolder(String lockName, Long connectionId, String runId, Instant runStartedAt) {

  /** One line for the report and the log, e.g. {@code run r-42 (started 2025-01-06T03:00:00Z) holds ...}. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    if (runId != null) {
      text.append("run ").append(runId);
      if (runStartedAt != null) {
        text.append(" (started ").append(runStartedAt).append(')');
      }
      text.append(" holds the lock ");
    } else {
      text.append("another session holds the lock ");
    }
    text.append('\'').append(lockName).append('\'');
    if (connectionId != null) {
      text.append(" on database connection ").append(connectionId);
    }
    return text.toString();
  }
}
