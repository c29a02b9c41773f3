package com.subscriptionreconciler.store;

import static com.subscriptionreconciler.schema.LogicalTable.ORGANIZATIONS;
import static com.subscriptionreconciler.schema.LogicalTable.SUBSCRIPTIONS;

import com.subscriptionreconciler.db.Transactions;
import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.plan.ValueType;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.schema.ColumnType;
import com.subscriptionreconciler.schema.LogicalTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>Tables and columns come from the {@link BillingSchema} ({@code SCHEMA_MAP}); a value its column cannot hold as
 * the application typed it (an ENUM without that member, a string longer than the column) is refused, with the
 * reason, before any statement: a per-item error, never a truncated value.
 */
public final class PlanWriter {
  private final DataSource dataSource;
  private final StatementCounter statements;
  private final BillingSchema schema;

  /** Writes the product's own tables under their own names. */
  public PlanWriter(DataSource dataSource, StatementCounter statements) {
    this(dataSource, statements, BillingSchema.product());
  }

  public PlanWriter(DataSource dataSource, StatementCounter statements, BillingSchema schema) {
    this.dataSource = dataSource;
    this.statements = statements;
    this.schema = schema;
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
          Optional<String> unfit = unfit(change);
          if (unfit.isPresent()) {
            // refused before the statement: a non-strict sql_mode would store a truncated value or '' instead
            refused.add(new RefusedWrite(change, unfit.get()));
            continue;
          }
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
        AuditTrail.insert(tx, runId, applied, true, now, statements, this::asStored);
        return null;
      });
    }
    return new BatchOutcome(applied, conflicts, refused);
  }

  /** Why a value of this change cannot be stored in its column as the application typed it, if it cannot. */
  private Optional<String> unfit(EntityChange change) {
    LogicalTable table = tableOf(change);
    for (FieldChange f : change.changes()) {
      ValueType type = f.field().type();
      if (type != ValueType.TEXT) {
        continue;
      }
      Optional<String> refusal = schema.type(table, f.field().column()).refusal(f.to());
      if (refusal.isPresent()) {
        return Optional.of(table.logicalName() + "." + f.field().column() + " (column "
            + schema.column(table, f.field().column()) + "): " + refusal.get());
      }
    }
    return Optional.empty();
  }

  private static LogicalTable tableOf(EntityChange change) {
    return change.entity() == Entity.ORGANIZATION ? ORGANIZATIONS : SUBSCRIPTIONS;
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
      AuditTrail.insert(c, runId, planned, false, now, statements, this::asStored);
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

  private boolean updateSubscription(Connection c, EntityChange change, Instant now) throws SQLException {
    String version = schema.column(SUBSCRIPTIONS, "version");
    String sql =
        "UPDATE " + schema.table(SUBSCRIPTIONS) + " SET "
            + assignments(change)
            + ", " + version + " = " + version + " + 1, " + schema.column(SUBSCRIPTIONS, "last_reconciled_at")
            + " = ? WHERE " + schema.column(SUBSCRIPTIONS, "id") + " = ? AND " + version + " = ?"
            + accountGuard(SUBSCRIPTIONS);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = bindNewValues(ps, change);
      SqlValues.bindInstant(ps, i++, now, schema.type(SUBSCRIPTIONS, "last_reconciled_at").precision());
      ps.setLong(i++, change.entityId());
      ps.setInt(i, change.expectedVersion());
      return ps.executeUpdate() == 1;
    }
  }

  private boolean updateOrganization(Connection c, EntityChange change, Instant now) throws SQLException {
    String guard =
        change.changes().stream()
            .map(f -> physical(f) + " <=> ?")
            .collect(Collectors.joining(" AND "));
    String sql =
        "UPDATE " + schema.table(ORGANIZATIONS) + " SET " + assignments(change) + ", "
            + schema.column(ORGANIZATIONS, "last_reconciled_at") + " = ? WHERE " + schema.column(ORGANIZATIONS, "id")
            + " = ? AND " + guard + accountGuard(ORGANIZATIONS);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = bindNewValues(ps, change);
      SqlValues.bindInstant(ps, i++, now, schema.type(ORGANIZATIONS, "last_reconciled_at").precision());
      ps.setLong(i++, change.entityId());
      for (FieldChange f : change.changes()) {
        SqlValues.bind(ps, i++, f.field(), f.from(), typeOf(f));
      }
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * {@code AND <this account's rows>}, or nothing without several accounts: a row another account's run relabelled
   * since it was read is left alone (a conflict, re-read and re-planned), never written from this account's Stripe.
   */
  private String accountGuard(LogicalTable table) {
    return schema.accountCondition(table).map(condition -> " AND " + condition).orElse("");
  }

  private Long insertSubscription(Connection c, EntityChange change, Instant now) throws SQLException {
    String columns = change.changes().stream().map(this::physical).collect(Collectors.joining(", "));
    // a row inserted for an account other than the default says so; the default account's rows keep NULL
    Optional<String> account = schema.accountScope().insertedLabel();
    String sql =
        "INSERT INTO " + schema.table(SUBSCRIPTIONS) + " (" + schema.column(SUBSCRIPTIONS, "organization_id") + ", "
            + columns
            + ", " + schema.column(SUBSCRIPTIONS, "last_reconciled_at")
            + (account.isPresent() ? ", " + schema.column(SUBSCRIPTIONS, LogicalTable.ACCOUNT.name()) : "")
            + ") VALUES (?, "
            + "?, ".repeat(change.changes().size())
            + (account.isPresent() ? "?, " : "")
            + "?)";
    try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, change.organizationId());
      int i = 2;
      for (FieldChange f : change.changes()) {
        SqlValues.bind(ps, i++, f.field(), f.to(), typeOf(f));
      }
      SqlValues.bindInstant(ps, i++, now, schema.type(SUBSCRIPTIONS, "last_reconciled_at").precision());
      if (account.isPresent()) {
        ps.setString(i, account.get());
      }
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

  private String assignments(EntityChange change) {
    return change.changes().stream().map(f -> physical(f) + " = ?").collect(Collectors.joining(", "));
  }

  private String physical(FieldChange f) {
    return schema.column(f.field().entity() == Entity.ORGANIZATION ? ORGANIZATIONS : SUBSCRIPTIONS,
        f.field().column());
  }

  /** The change as its column keeps it: a time cut to the column's fractional digits, as it is bound. */
  private FieldChange asStored(FieldChange f) {
    if (f.field().type() != ValueType.INSTANT || f.to() == null) {
      return f;
    }
    Instant stored = SqlValues.truncate((Instant) ValueType.INSTANT.decode(f.to()), typeOf(f).precision());
    return new FieldChange(f.field(), f.from(), ValueType.INSTANT.encode(stored));
  }

  private ColumnType typeOf(FieldChange f) {
    return schema.type(f.field().entity() == Entity.ORGANIZATION ? ORGANIZATIONS : SUBSCRIPTIONS, f.field().column());
  }

  private int bindNewValues(PreparedStatement ps, EntityChange change) throws SQLException {
    int i = 1;
    for (FieldChange f : change.changes()) {
      SqlValues.bind(ps, i++, f.field(), f.to(), typeOf(f));
    }
    return i;
  }
}
