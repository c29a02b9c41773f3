package com.subscriptionreconciler.store;

import com.subscriptionreconciler.plan.FieldChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Writes {@code reconciliation_changes}: one row per field, old and new value in canonical form. This is the
 * record an operator reads with {@code show RUN_ID} and what {@code rollback} restores from.
 *
 * <p>The new value is recorded as its column keeps it ({@code asStored}): a time written to a {@code DATETIME}
 * without fractions is recorded without them, so rollback's exact comparison ("does the row still hold what the
 * run set?") compares what the run really stored, not what it meant to store.
 */
final class AuditTrail {
  private static final String INSERT =
      "INSERT INTO reconciliation_changes"
          + " (run_id, entity, entity_id, stripe_id, action, field, old_value, new_value, applied, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private AuditTrail() {}

  /** Batched on the caller's connection, so it joins the caller's transaction when there is one. */
  static void insert(
      Connection c, String runId, List<AppliedWrite> writes, boolean applied, Instant now, StatementCounter statements,
      UnaryOperator<FieldChange> asStored) throws SQLException {
    if (writes.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (AppliedWrite write : writes) {
        for (FieldChange planned : write.change().changes()) {
          FieldChange f = asStored.apply(planned);
          ps.setString(1, runId);
          ps.setString(2, write.change().entity().wireName());
          if (write.rowId() == null) {
            ps.setNull(3, Types.BIGINT);
          } else {
            ps.setLong(3, write.rowId());
          }
          ps.setString(4, write.change().stripeId());
          ps.setString(5, write.change().action().wireName());
          ps.setString(6, f.field().column());
          ps.setString(7, f.from());
          ps.setString(8, f.to());
          ps.setBoolean(9, applied);
          SqlValues.bindInstant(ps, 10, now);
          ps.addBatch();
        }
      }
      ps.executeBatch();
      statements.increment();
    }
  }
}
