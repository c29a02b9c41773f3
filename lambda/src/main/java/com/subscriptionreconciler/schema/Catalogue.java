package com.subscriptionreconciler.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the current database's own description of its tables from {@code information_schema}: the only source of
 * table and column names that are ever put into SQL text. Read-only.
 */
public final class Catalogue {
  private Catalogue() {}

  /** The table in the connection's current database, or empty when there is none by that name. */
  public static Optional<PhysicalTable> table(Connection c, String name) throws SQLException {
    Map<String, ColumnType> columns = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, DATETIME_PRECISION, IS_NULLABLE"
            + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
            + " ORDER BY ORDINAL_POSITION")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String dataType = rs.getString(2).toLowerCase(Locale.ROOT);
          long maxChars = rs.getLong(4);
          Optional<Long> max = rs.wasNull() || !isCharacter(dataType) ? Optional.empty() : Optional.of(maxChars);
          int digits = rs.getInt(5);
          Optional<Integer> precision = rs.wasNull() ? Optional.empty() : Optional.of(digits);
          columns.put(rs.getString(1),
              new ColumnType(dataType, rs.getString(3), max, precision, "YES".equals(rs.getString(6))));
        }
      }
    }
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<String>> unique = new LinkedHashMap<>();
    Map<String, List<String>> indexes = indexes(c, name, unique);
    return Optional.of(new PhysicalTable(name, columns, new ArrayList<>(indexes.values()),
        new ArrayList<>(unique.values())));
  }

  public static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /** Every index by name; the unique ones are also put into {@code unique}. */
  private static Map<String, List<String>> indexes(Connection c, String table, Map<String, List<String>> unique)
      throws SQLException {
    Map<String, List<String>> byName = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT INDEX_NAME, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS"
            + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String column = rs.getString(2) == null ? "" : rs.getString(2);
          byName.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(column);
          if (rs.getInt(3) == 0) {
            unique.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(column);
          }
        }
      }
    }
    return byName;
  }

  private static boolean isCharacter(String dataType) {
    return dataType.endsWith("char") || dataType.endsWith("text") || "enum".equals(dataType);
  }
}
