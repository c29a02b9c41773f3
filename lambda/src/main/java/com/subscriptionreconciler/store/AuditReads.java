package com.subscriptionreconciler.store;

import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.AppliedChange;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads a run's audit trail back, for rollback. */
public final class AuditReads {
  private final DataSource dataSource;
  private final StatementCounter statements;

  public AuditReads(DataSource dataSource, StatementCounter statements) {
    this.dataSource = dataSource;
    this.statements = statements;
  }

  public boolean runExists(String runId) throws SQLException {
    statements.increment();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM reconciliation_runs WHERE id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The run's applied changes in the order they were made. */
  public List<AppliedChange> appliedChanges(String runId) throws SQLException {
    statements.increment();
    List<AppliedChange> changes = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT entity, entity_id, stripe_id, action, field, old_value, new_value FROM reconciliation_changes"
                    + " WHERE run_id = ? AND applied = TRUE AND entity_id IS NOT NULL ORDER BY id")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Entity entity = Entity.parse(rs.getString("entity"));
          changes.add(
              new AppliedChange(
                  entity,
                  rs.getLong("entity_id"),
                  rs.getString("stripe_id"),
                  Action.parse(rs.getString("action")),
                  Field.of(entity, rs.getString("field")),
                  rs.getString("old_value"),
                  rs.getString("new_value")));
        }
      }
    }
    return changes;
  }
}
