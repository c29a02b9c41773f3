package com.subscriptionreconciler.adopt;

import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.schema.Catalogue;
import com.subscriptionreconciler.schema.LiveRowKey;
import com.subscriptionreconciler.schema.LogicalTable;
import com.subscriptionreconciler.schema.PhysicalTable;
import com.subscriptionreconciler.schema.ServerVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imperative side of adoption: reads the catalogue into an {@link AdoptionPlan} and runs its statements. It
 * issues nothing but the plan's {@code ALTER TABLE … ADD COLUMN/ADD INDEX}; the product's own tables and the
 * baseline are Flyway's job ({@link com.subscriptionreconciler.db.SchemaMigrator#migrateAdopted()}).
 */
public final class SchemaAdopter {
  /** The product's migration history table (Flyway's default name). */
  public static final String HISTORY_TABLE = "flyway_schema_history";
  private static final Logger LOG = LoggerFactory.getLogger(SchemaAdopter.class);
  /** ER_ALTER_OPERATION_NOT_SUPPORTED(_REASON): the server cannot do this ALTER with the algorithm asked for. */
  private static final List<Integer> ALGORITHM_REFUSED = List.of(1845, 1846);

  private final DataSource dataSource;
  private final SchemaMap map;
  private final boolean withAccountColumn;

  public SchemaAdopter(DataSource dataSource, SchemaMap map) {
    this(dataSource, map, false);
  }

  /** @param withAccountColumn {@code STRIPE_ACCOUNTS} is set: adoption also adds {@code stripe_account} */
  public SchemaAdopter(DataSource dataSource, SchemaMap map, boolean withAccountColumn) {
    this.dataSource = dataSource;
    this.map = map;
    this.withAccountColumn = withAccountColumn;
  }

  public DatabaseState state() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (Catalogue.exists(c, HISTORY_TABLE)) {
        return DatabaseState.MANAGED;
      }
      for (LogicalTable t : LogicalTable.values()) {
        if (Catalogue.exists(c, map.table(t.logicalName()))) {
          return DatabaseState.APPLICATION_TABLES;
        }
      }
      return DatabaseState.EMPTY;
    }
  }

  public AdoptionPlan plan() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Map<LogicalTable, Optional<PhysicalTable>> tables = new EnumMap<>(LogicalTable.class);
      for (LogicalTable t : LogicalTable.values()) {
        tables.put(t, Catalogue.table(c, map.table(t.logicalName())));
      }
      List<String> duplicates = List.of();
      Optional<PhysicalTable> subscriptions = tables.get(LogicalTable.SUBSCRIPTIONS);
      if (subscriptions.isPresent() && !LiveRowKey.enforced(subscriptions.get(), map)
          && subscriptions.get().columnNamed(map.column("subscriptions", "stripe_subscription_id")).isPresent()) {
        duplicates = LiveRowKey.duplicates(c, subscriptions.get(), map, 5);
        if (!duplicates.isEmpty()) {
          LOG.warn("Adoption leaves out the unique index for live subscription rows: some subscription ids have "
              + "more than one live row. To add it: {}", LiveRowKey.fixFor(duplicates, subscriptions.get().name()));
        }
      }
      return AdoptionPlanner.plan(tables, map, ServerVersion.of(c), duplicates, withAccountColumn);
    }
  }

  /** Runs the plan's statements in order; returns the SQL actually executed (a fallback where the first was refused). */
  public List<String> apply(AdoptionPlan plan) throws SQLException {
    if (!plan.blockers().isEmpty()) {
      throw new IllegalStateException("adoption is blocked: " + String.join("; ", plan.blockers()));
    }
    List<String> executed = new ArrayList<>();
    for (AdoptionPlan.Ddl ddl : plan.statements()) {
      executed.add(execute(ddl));
    }
    return executed;
  }

  /**
   * Each attempt on a connection of its own: the refusal's SQLSTATE (0A000, "feature not supported") is one HikariCP
   * takes for a broken connection, which it then closes, statement included.
   */
  private String execute(AdoptionPlan.Ddl ddl) throws SQLException {
    List<String> attempts = new ArrayList<>();
    attempts.add(ddl.sql());
    attempts.addAll(ddl.fallbacks());
    SQLException refused = null;
    for (String sql : attempts) {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) {
        s.execute(sql);
        // `migrate --adopt` prints each statement itself; at INFO the CLI would show every one twice
        LOG.debug("Adoption ran: {}", sql);
        return sql;
      } catch (SQLException e) {
        if (!ALGORITHM_REFUSED.contains(e.getErrorCode())) {
          throw e;
        }
        // DEBUG, not INFO: the refused statement holds the one that then runs, which the CLI prints as "ran:"
        LOG.debug("The server refused {} ({}); trying the next algorithm", sql, e.getMessage());
        refused = e;
      }
    }
    throw refused;
  }
}
