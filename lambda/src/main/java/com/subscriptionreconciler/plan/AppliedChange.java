package com.subscriptionreconciler.plan;

/**
 * One applied {@code reconciliation_changes} row, read back for rollback. For an INSERT, {@code entityId} is the
 * id the database assigned (the applier records it after inserting).
 */
public record AppliedChange(
    Entity entity, long entityId, String stripeId, Action action, Field field, String oldValue, String newValue) {}
