package com.subscriptionreconciler.infrastructure;

import com.subscriptionreconciler.db.EmbeddedMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows as column label to value, read with plain JDBC, so tests compare them with rows written out by hand. */
final class TableRows {
  private TableRows() {}

  static List<Map<String, Object>> rows(EmbeddedMariaDb server, String jdbcUrl, String sql) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, server.user(), server.password().reveal());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** A row written out by hand: label, value, label, value … in the query's column order. */
  static Map<String, Object> row(Object... keyValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      row.put((String) keyValues[i], keyValues[i + 1]);
    }
    return row;
  }
}
