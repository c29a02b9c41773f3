package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Database-side drift, collected and then applied in one transaction with one JDBC batch per statement text,
 * so drifting 1% of a million rows costs a few round trips (the pool rewrites batches into multi-statements).
 */
final class DatabaseEdits {
  private final Map<String, List<Object[]>> bySql = new LinkedHashMap<>();

  void add(String sql, Object... parameters) {
    bySql.computeIfAbsent(sql, k -> new ArrayList<>()).add(parameters);
  }

  void apply(DataSource dataSource) {
    if (bySql.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      Transactions.inTransaction(c, tx -> {
        for (Map.Entry<String, List<Object[]>> e : bySql.entrySet()) {
          try (PreparedStatement ps = tx.prepareStatement(e.getKey())) {
            for (Object[] parameters : e.getValue()) {
              for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
              }
              ps.addBatch();
            }
            ps.executeBatch();
          }
        }
        return null;
      });
    } catch (SQLException e) {
      throw new IllegalStateException("database drift failed: " + e.getMessage(), e);
    }
    bySql.clear();
  }
}
