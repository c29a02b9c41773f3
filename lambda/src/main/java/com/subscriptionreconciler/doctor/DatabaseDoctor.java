package com.subscriptionreconciler.doctor;

import com.subscriptionreconciler.adopt.DatabaseState;
import com.subscriptionreconciler.adopt.SchemaAdopter;
import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.db.SchemaMigrator;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.schema.Catalogue;
import com.subscriptionreconciler.schema.LiveRowKey;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database half of {@code doctor}: reads (SELECT, SHOW, the catalogue, Flyway's history) and never writes.
 * Each finding goes through a {@link DatabaseJudgements} function.
 */
final class DatabaseDoctor {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseDoctor.class);
  private static final int MAX_ROLES = 50;
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

  Findings run(String jdbcUrl, Optional<ReconcileRules> rules, StripeTiers stripeTiers) throws SQLException {
    List<Check> checks = new ArrayList<>();
    Optional<BillingSchema> usable = Optional.empty();
    try (Connection c = dataSource.getConnection()) {
      checks.add(guarded("server", () -> DatabaseJudgements.server(ServerVersion.of(c))));
      checks.add(guarded("tls",
          () -> DatabaseJudgements.tls(sslCipher(c), DatabaseJudgements.isLoopback(jdbcUrl))));
      checks.add(guarded("migrations", () -> {
        DatabaseState state = new SchemaAdopter(dataSource, map).state();
        List<String> pending = state == DatabaseState.MANAGED ? new SchemaMigrator(dataSource).pending() : List.of();
        return DatabaseJudgements.migrations(state, pending);
      }));

      List<String> problems = new ArrayList<>();
      List<String> tables = new ArrayList<>(PRODUCT_TABLES);
      Check schemaCheck = guarded("schema", () -> {
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
        return DatabaseJudgements.schema(problems, "organizations → " + map.table("organizations")
            + ", subscriptions → " + map.table("subscriptions") + ": every column the product uses is there");
      });
      checks.add(schemaCheck);
      Optional<BillingSchema> schema = Optional.empty();
      if (problems.isEmpty() && schemaCheck.status() != Check.Status.FAIL) {
        try {
          schema = Optional.of(SchemaResolver.resolve(dataSource, map));
        } catch (RuntimeException e) {
          checks.add(failedToRun("schema", e));
        }
      }
      if (schema.isPresent()) {
        BillingSchema resolved = schema.get();
        usable = schema;
        if (rules.isPresent()) {
          checks.add(guarded("tier columns", () -> DatabaseJudgements.tiers(rules.get(), stripeTiers,
              resolved.type(LogicalTable.SUBSCRIPTIONS, "plan_tier"),
              resolved.type(LogicalTable.ORGANIZATIONS, "plan_tier"))));
        } else {
          checks.add(Check.skip("tier columns", "configuration did not load"));
        }
        checks.add(guarded("linked organizations", () -> linkedOrganizations(c, resolved)));
        checks.add(guarded("live rows", () -> liveRows(c)));
      } else {
        checks.add(Check.skip("tier columns", "the schema check failed"));
        checks.add(Check.skip("linked organizations", "the schema check failed"));
        checks.add(Check.skip("live rows", "the schema check failed"));
      }
      checks.add(guarded("grants", () -> grants(c, tables)));
    } catch (ConfigurationException e) {
      checks.add(Check.fail("schema", e.getMessage(), "fix SCHEMA_MAP (docs/reference.md, Existing databases)"));
    }
    return new Findings(checks, usable);
  }

  /** A check's body: reads, and may fail in ways doctor did not foresee. */
  interface CheckBody {
    Check get() throws SQLException;
  }

  /**
   * Runs one check so that nothing it throws can stop doctor: a configuration problem stays the configuration
   * problem it is; anything else becomes this check's failure, with its message.
   */
  static Check guarded(String name, CheckBody body) {
    try {
      return body.get();
    } catch (ConfigurationException e) {
      throw e;
    } catch (SQLException | RuntimeException e) {
      return failedToRun(name, e);
    }
  }

  /** One check's unforeseen failure, as that check's result. */
  static Check failedToRun(String name, Exception e) {
    LOG.debug("doctor: the {} check failed to run", name, e);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof SQLException) {
      return Check.fail(name, "a read failed: " + message, "check the database user's access");
    }
    return Check.fail(name, "the check could not run: " + message,
        "the other checks ran; LOG_LEVEL=DEBUG shows where it failed (please report it)");
  }

  private static String sslCipher(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
      return rs.next() ? rs.getString(2) : "";
    }
  }

  private static Check grants(Connection c, List<String> tables) throws SQLException {
    Grants grants;
    try {
      grants = Grants.parse(showGrants(c, "SHOW GRANTS"), c.getCatalog());
    } catch (SQLException e) {
      return DatabaseJudgements.grantsUnreadable(e.getErrorCode(), e.getMessage());
    }
    grants = withRoles(c, grants);
    return DatabaseJudgements.grants(grants.missing(Grants.FOR_RUNS, tables),
        grants.missingOnDatabase(Grants.FOR_MIGRATE));
  }

  /**
   * The grants with those of the user's roles ({@code GRANT role TO user}): MySQL lists a role's privileges with
   * {@code SHOW GRANTS FOR CURRENT_USER() USING role, …}; MariaDB with {@code SHOW GRANTS FOR role}, role by role
   * (roles granted to roles included). A role whose grants cannot be read adds nothing.
   */
  private static Grants withRoles(Connection c, Grants grants) throws SQLException {
    if (grants.roles().isEmpty()) {
      return grants;
    }
    String database = c.getCatalog();
    if (!ServerVersion.of(c).isMariaDb()) {
      String using = grants.roles().stream().map(GrantLine.Role::quoted).collect(Collectors.joining(", "));
      return grants.with(readable(c, "SHOW GRANTS FOR CURRENT_USER() USING " + using, database));
    }
    Grants all = grants;
    Set<GrantLine.Role> seen = new HashSet<>();
    for (int i = 0; i < all.roles().size() && i < MAX_ROLES; i++) {
      GrantLine.Role role = all.roles().get(i);
      if (seen.add(role)) {
        all = all.with(readable(c, "SHOW GRANTS FOR " + GrantLine.quote(role.name()), database));
      }
    }
    return all;
  }

  private static Grants readable(Connection c, String statement, String database) {
    try {
      return Grants.parse(showGrants(c, statement), database);
    } catch (SQLException e) {
      LOG.debug("doctor: {} failed: {}", statement, e.getMessage());
      return Grants.parse(List.of(), database);
    }
  }

  private static List<String> showGrants(Connection c, String statement) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(statement)) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    return lines;
  }

  private Check liveRows(Connection c) throws SQLException {
    PhysicalTable table = Catalogue.table(c, map.table("subscriptions")).orElseThrow();
    boolean enforced = LiveRowKey.enforced(table, map);
    return DatabaseJudgements.liveRows(enforced, enforced ? List.of() : LiveRowKey.duplicates(c, table, map, 5),
        table.name());
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
