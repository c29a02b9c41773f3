package com.subscriptionreconciler.plan;

import java.time.Instant;

/**
 * One {@code reconciliation_changes} row, the one read model of the audit trail: a field changed (or planned, in
 * a dry run) by a run, as {@code show} prints it and as {@link RollbackPlanner} undoes it. Kept as the stored
 * strings so an operator can always read a run's history; the rollback planner parses what it acts on. {@code id} is the
 * audit row's own id, the order changes were recorded in and the cursor for paging through a big run.
 * {@code entityId} is null only for an insert planned in a dry run; old/new values are canonical strings, null
 * meaning SQL NULL. For an applied INSERT, {@code entityId} is the id the database assigned.
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
