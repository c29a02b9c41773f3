package com.subscriptionreconciler.store;

import com.subscriptionreconciler.db.Transactions;
import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The one place that writes billing rows: applies a batch of planned changes in a single transaction, together
 * with their audit rows, so a committed change always has its {@code reconciliation_changes} record.
 *
 * <p>Every write is conditional, because the application's webhook handler writes the same rows concurrently:
 * a subscription update carries {@code WHERE version = <version we planned from>}, an organization update
 * carries its planned {@code from} values, and an insert relies on the unique {@code stripe_subscription_id}.
 * A write that finds the row changed (or the subscription already inserted) is not forced: it comes back as a
 * conflict for the caller to re-read and re-plan, so newer data is never overwritten with older.
 */
public final class PlanWriter {
  private final DataSource dataSource;
  private final StatementCounter statements;

  public PlanWriter(DataSource dataSource, StatementCounter statements) {
    this.dataSource = dataSource;
    this.statements = statements;
  }

  /**
   * What happened to a batch: changes written (with the row each went to), changes that lost a race, and changes
   * the database refused (e.g. a value too long for its column), with the reason.
   */
  public record BatchOutcome(List<AppliedWrite> applied, List<EntityChange> conflicts, List<RefusedWrite> refused) {
    public BatchOutcome {
      applied = List.copyOf(applied);
      conflicts = List.copyOf(conflicts);
      refused = List.copyOf(refused);
    }
  }

  /** A change the database refused; the rest of its batch still commits. */
  public record RefusedWrite(EntityChange change, String reason) {}

  /** Applies {@code changes} and records them as applied, all in one transaction. */
  public BatchOutcome apply(String runId, List<EntityChange> changes, Instant now) throws SQLException {
    List<AppliedWrite> applied = new ArrayList<>();
    List<EntityChange> conflicts = new ArrayList<>();
    List<RefusedWrite> refused = new ArrayList<>();
    if (changes.isEmpty()) {
      return new BatchOutcome(applied, conflicts, refused);
    }
    try (Connection c = dataSource.getConnection()) {
      Transactions.inTransaction(c, tx -> {
        for (EntityChange change : changes) {
          Long rowId;
          try {
            rowId = write(tx, change, now);
          } catch (SQLException e) {
            if (isConnectionLoss(e)) {
              throw e;
            }
            // One row's bad value must not sink the batch: InnoDB keeps the transaction's other statements.
            refused.add(new RefusedWrite(change, e.getMessage()));
            continue;
          }
          if (rowId == null) {
            conflicts.add(change);
          } else {
            applied.add(new AppliedWrite(change, rowId));
          }
        }
        AuditTrail.insert(tx, runId, applied, true, now, statements);
        return null;
      });
    }
    return new BatchOutcome(applied, conflicts, refused);
  }

  private static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("40"));
  }

  /** Records changes a dry run (or an aborted run) would have made, without touching any billing row. */
  public void recordPlanned(String runId, List<EntityChange> changes, Instant now) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    List<AppliedWrite> planned = changes.stream().map(ch -> new AppliedWrite(ch, ch.entityId())).toList();
    try (Connection c = dataSource.getConnection()) {
      AuditTrail.insert(c, runId, planned, false, now, statements);
    }
  }

  /** Writes one change; returns the row's id (new for an insert), or null when the row changed under us. */
  private Long write(Connection c, EntityChange change, Instant now) throws SQLException {
    statements.increment();
    if (change.entity() == Entity.ORGANIZATION) {
      return updateOrganization(c, change, now) ? change.entityId() : null;
    }
    if (change.action() == Action.INSERT) {
      return insertSubscription(c, change, now);
    }
    return updateSubscription(c, change, now) ? change.entityId() : null;
  }

  private static boolean updateSubscription(Connection c, EntityChange change, Instant now) throws SQLException {
    String sql =
        "UPDATE subscriptions SET "
            + assignments(change)
            + ", version = version + 1, last_reconciled_at = ? WHERE id = ? AND version = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = bindNewValues(ps, change);
      SqlValues.bindInstant(ps, i++, now);
      ps.setLong(i++, change.entityId());
      ps.setInt(i, change.expectedVersion());
      return ps.executeUpdate() == 1;
    }
  }

  private static boolean updateOrganization(Connection c, EntityChange change, Instant now) throws SQLException {
    String guard =
        change.changes().stream()
            .map(f -> f.field().column() + " <=> ?")
            .collect(Collectors.joining(" AND "));
    String sql =
        "UPDATE organizations SET " + assignments(change) + ", last_reconciled_at = ? WHERE id = ? AND " + guard;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = bindNewValues(ps, change);
      SqlValues.bindInstant(ps, i++, now);
      ps.setLong(i++, change.entityId());
      for (FieldChange f : change.changes()) {
        SqlValues.bind(ps, i++, f.field(), f.from());
      }
      return ps.executeUpdate() == 1;
    }
  }

  private static Long insertSubscription(Connection c, EntityChange change, Instant now) throws SQLException {
    String columns = change.changes().stream().map(f -> f.field().column()).collect(Collectors.joining(", "));
    String sql =
        "INSERT INTO subscriptions (organization_id, "
            + columns
            + ", last_reconciled_at) VALUES (?, "
            + "?, ".repeat(change.changes().size())
            + "?)";
    try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, change.organizationId());
      int i = 2;
      for (FieldChange f : change.changes()) {
        SqlValues.bind(ps, i++, f.field(), f.to());
      }
      SqlValues.bindInstant(ps, i, now);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLIntegrityConstraintViolationException duplicate) {
      // The webhook handler inserted the same subscription since we read: re-plan against its row.
      return null;
    }
  }

  private static String assignments(EntityChange change) {
    return change.changes().stream().map(f -> f.field().column() + " = ?").collect(Collectors.joining(", "));
  }

  private static int bindNewValues(PreparedStatement ps, EntityChange change) throws SQLException {
    int i = 1;
    for (FieldChange f : change.changes()) {
      SqlValues.bind(ps, i++, f.field(), f.to());
    }
    return i;
  }
}
