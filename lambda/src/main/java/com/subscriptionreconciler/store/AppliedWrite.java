package com.subscriptionreconciler.store;

import com.subscriptionreconciler.plan.EntityChange;

/**
 * A planned change together with the row it went to: for an insert the id the database assigned, which the
 * audit trail must carry so rollback can find the row. {@code rowId} is null only for an insert that a dry run
 * merely planned.
 */
public record AppliedWrite(EntityChange change, Long rowId) {}
