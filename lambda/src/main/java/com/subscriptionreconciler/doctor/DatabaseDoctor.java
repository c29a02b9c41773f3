package com.subscriptionreconciler.doctor;

import com.subscriptionreconciler.adopt.DatabaseState;
import com.subscriptionreconciler.adopt.SchemaAdopter;
import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.db.SchemaMigrator;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.schema.Catalogue;
import com.subscriptionreconciler.schema.LogicalTable;
import com.subscriptionreconciler.schema.PhysicalTable;
import com.subscriptionreconciler.schema.SchemaResolver;
import com.subscriptionreconciler.schema.ServerVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The database half of {@code doctor}: reads (SELECT, SHOW, the catalogue, Flyway's history) and never writes.
 * Each finding goes through a {@link DatabaseJudgements} function.
 */
final class DatabaseDoctor {
  private static final List<String> PRODUCT_TABLES =
      List.of("reconciliation_runs", "reconciliation_changes", "reconciliation_checkpoints");

  private final DataSource dataSource;
  private final SchemaMap map;

  DatabaseDoctor(DataSource dataSource, SchemaMap map) {
    this.dataSource = dataSource;
    this.map = map;
  }

  /** The checks, and the resolved schema when the tables are usable (for the Stripe linkage check). */
  record Findings(List<Check> checks, Optional<BillingSchema> schema) {}

  Findings run(String jdbcUrl, Optional<ReconcileRules> rules) throws SQLException {
    List<Check> checks = new ArrayList<>();
    Optional<BillingSchema> usable = Optional.empty();
    try (Connection c = dataSource.getConnection()) {
      checks.add(DatabaseJudgements.server(ServerVersion.of(c)));
      checks.add(DatabaseJudgements.tls(sslCipher(c), DatabaseJudgements.isLoopback(jdbcUrl)));
      DatabaseState state = new SchemaAdopter(dataSource, map).state();
      List<String> pending = state == DatabaseState.MANAGED ? new SchemaMigrator(dataSource).pending() : List.of();
      checks.add(DatabaseJudgements.migrations(state, pending));

      List<String> problems = new ArrayList<>();
      List<String> tables = new ArrayList<>(PRODUCT_TABLES);
      for (LogicalTable t : LogicalTable.values()) {
        String physical = map.table(t.logicalName());
        tables.add(physical);
        Optional<PhysicalTable> table = Catalogue.table(c, physical);
        if (table.isEmpty()) {
          problems.add("table " + physical + " (" + t.logicalName() + ") does not exist");
        } else {
          problems.addAll(SchemaResolver.problems(t, table.get(), map));
        }
      }
      checks.add(DatabaseJudgements.schema(problems, "organizations → " + map.table("organizations")
          + ", subscriptions → " + map.table("subscriptions") + ": every column the product uses is there"));
      if (problems.isEmpty()) {
        BillingSchema schema = SchemaResolver.resolve(dataSource, map);
        usable = Optional.of(schema);
        if (rules.isPresent()) {
          checks.add(DatabaseJudgements.tiers(rules.get(), schema.type(LogicalTable.SUBSCRIPTIONS, "plan_tier"),
              schema.type(LogicalTable.ORGANIZATIONS, "plan_tier")));
        } else {
          checks.add(Check.skip("tier columns", "configuration did not load"));
        }
        checks.add(linkedOrganizations(c, schema));
      } else {
        checks.add(Check.skip("tier columns", "the schema check failed"));
        checks.add(Check.skip("linked organizations", "the schema check failed"));
      }
      checks.add(grants(c, tables));
    } catch (ConfigurationException e) {
      checks.add(Check.fail("schema", e.getMessage(), "fix SCHEMA_MAP (docs/reference.md, Existing databases)"));
    }
    return new Findings(checks, usable);
  }

  private static String sslCipher(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
      return rs.next() ? rs.getString(2) : "";
    }
  }

  private static Check grants(Connection c, List<String> tables) {
    List<String> lines;
    try {
      lines = showGrants(c);
    } catch (SQLException e) {
      return DatabaseJudgements.grantsUnreadable(e.getErrorCode(), e.getMessage());
    }
    Grants grants;
    try {
      grants = Grants.parse(lines, c.getCatalog());
    } catch (SQLException e) {
      return DatabaseJudgements.grantsUnreadable(e.getErrorCode(), e.getMessage());
    }
    return DatabaseJudgements.grants(grants.missing(Grants.FOR_RUNS, tables),
        grants.missingOnDatabase(Grants.FOR_MIGRATE));
  }

  private static List<String> showGrants(Connection c) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW GRANTS")) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    return lines;
  }

  private static Check linkedOrganizations(Connection c, BillingSchema schema) throws SQLException {
    String customer = schema.column(LogicalTable.ORGANIZATIONS, "stripe_customer_id");
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(" + customer + " IS NULL OR "
        + customer + " = ''), 0) FROM " + schema.table(LogicalTable.ORGANIZATIONS));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return DatabaseJudgements.linkedOrganizations(rs.getLong(1), rs.getLong(2));
    }
  }
}
