package com.subscriptionreconciler.store;

import java.time.Instant;

/**
 * One {@code reconciliation_changes} row: a field changed (or planned, in a dry run) by a run. {@code id} is the
 * audit row's own id, the order changes were recorded in and the cursor for paging through a big run.
 * {@code entityId} is null only for an insert planned in a dry run; old/new values are canonical strings, null
 * meaning SQL NULL.
 */
public record ChangeRecord(
    long id,
    String runId,
    String entity,
    Long entityId,
    String stripeId,
    String action,
    String field,
    String oldValue,
    String newValue,
    boolean applied,
    Instant createdAt) {}
