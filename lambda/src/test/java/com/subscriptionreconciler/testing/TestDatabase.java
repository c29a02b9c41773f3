package com.subscriptionreconciler.testing;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.Secret;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One test class's database: an empty schema, migrated, with a pool built by the product's own {@code
 * DataSourceFactory}. Helpers throw unchecked so tests stay short.
 */
public final class TestDatabase {
  private static final int LOCK_WAIT_TIMEOUT = 1205;
  private static final int TRUNCATE_ATTEMPTS = 50;

  /** Product tables, children first (the order to empty them in). */
  public static final List<String> TABLES =
      List.of(
          "reconciliation_changes",
          "reconciliation_checkpoints",
          "reconciliation_runs",
          "subscriptions",
          "organizations");

  private final HikariDataSource dataSource;
  private final String jdbcUrl;
  private final String user;
  private final Secret password;
  private final String schema;
  private final String serverKind;

  TestDatabase(
      HikariDataSource dataSource,
      String jdbcUrl,
      String user,
      Secret password,
      String schema,
      String serverKind) {
    this.dataSource = dataSource;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.schema = schema;
    this.serverKind = serverKind;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** The pool itself, for tests that look at pool statistics. */
  public HikariDataSource pool() {
    return dataSource;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public Secret password() {
    return password;
  }

  /** The database (schema) name, unique per test class. */
  public String schema() {
    return schema;
  }

  /** {@code "embedded MariaDB"} or {@code "TEST_JDBC_URL"}. */
  public String serverKind() {
    return serverKind;
  }

  /** Settings to hand to product code that builds its own pool. */
  public DatabaseSettings settings() {
    return new DatabaseSettings(jdbcUrl, user, password);
  }

  public Connection connection() {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a statement with {@code ?} parameters; returns the update count. */
  public int execute(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Rows as column label to value maps, in order. */
  public List<Map<String, Object>> query(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      try (ResultSet rs = statement.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The single value of a one-row, one-column query (null if no row). */
  public Object queryValue(String sql, Object... parameters) {
    List<Map<String, Object>> rows = query(sql, parameters);
    return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
  }

  public long count(String table) {
    if (!table.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("not a table name: " + table);
    }
    return ((Number) queryValue("SELECT COUNT(*) FROM `" + table + "`")).longValue();
  }

  /** Empties every product table (keeps the schema and Flyway's history). */
  public void truncateAll() {
    try (Connection connection = dataSource.getConnection();
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("SET FOREIGN_KEY_CHECKS = 0");
      try {
        for (String table : TABLES) {
          truncate(statement, table);
        }
      } finally {
        statement.execute("SET FOREIGN_KEY_CHECKS = 1");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * TRUNCATE is DDL, and it once failed in CI within a second with "Lock wait timeout exceeded" (error 1205)
   * while no test held a transaction: most likely InnoDB's background statistics thread, which updates the
   * table's row in {@code mysql.innodb_table_stats} after the previous test's writes and lets go within moments.
   * Only that error is tried again, a bounded number of times.
   */
  private static void truncate(java.sql.Statement statement, String table) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        statement.execute("TRUNCATE TABLE `" + table + "`");
        return;
      } catch (SQLException e) {
        if (e.getErrorCode() != LOCK_WAIT_TIMEOUT || attempt >= TRUNCATE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  void close() {
    dataSource.close();
  }

  private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
  }

  @Override
  public String toString() {
    return "TestDatabase[" + schema + " on " + serverKind + "]";
  }
}
