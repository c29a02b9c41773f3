package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes a stream of values into one table with explicit multi-row {@code INSERT … VALUES (…),(…)} statements.
 *
 * <p>Explicit rather than relying on the driver's {@code rewriteBatchedStatements}: the rewrite is a driver
 * option an operator's {@code JDBC_URL} can switch off, and the row count per statement should not depend on
 * it. Only {@code rowsPerStatement} values are held in memory at a time, so a million rows stream through.
 */
final class MultiRowInsert<T> {

  /** Binds one value's columns starting at parameter index {@code first}. */
  @FunctionalInterface
  interface RowBinder<T> {
    void bind(PreparedStatement ps, int first, T value) throws SQLException;
  }

  private final String prefix;
  private final String rowPlaceholders;
  private final int columnCount;
  private final RowBinder<T> binder;

  MultiRowInsert(String table, List<String> columns, RowBinder<T> binder) {
    this.prefix = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
    this.rowPlaceholders = "(" + "?,".repeat(columns.size() - 1) + "?)";
    this.columnCount = columns.size();
    this.binder = binder;
  }

  /**
   * Inserts every value; commits every {@code statementsPerTransaction} statements (short transactions keep
   * the undo log small at a million rows) and at the end. The connection's auto-commit is restored.
   */
  SeedResult insertAll(Connection c, Iterator<T> values, int rowsPerStatement, int statementsPerTransaction)
      throws SQLException {
    long begin = System.nanoTime();
    Counts counts = Transactions.inTransaction(c, tx -> {
      long rows = 0;
      long statements = 0;
      try (PreparedStatement full = tx.prepareStatement(sql(rowsPerStatement))) {
        List<T> chunk = new ArrayList<>(rowsPerStatement);
        while (values.hasNext()) {
          chunk.add(values.next());
          if (chunk.size() == rowsPerStatement) {
            rows += execute(full, chunk);
            statements++;
            chunk.clear();
            if (statements % statementsPerTransaction == 0) {
              tx.commit();
            }
          }
        }
        if (!chunk.isEmpty()) {
          try (PreparedStatement tail = tx.prepareStatement(sql(chunk.size()))) {
            rows += execute(tail, chunk);
            statements++;
          }
        }
      }
      return new Counts(rows, statements);
    });
    return new SeedResult(counts.rows(), counts.statements(), (System.nanoTime() - begin) / 1_000_000);
  }

  private record Counts(long rows, long statements) {}

  private int execute(PreparedStatement ps, List<T> chunk) throws SQLException {
    for (int i = 0; i < chunk.size(); i++) {
      binder.bind(ps, i * columnCount + 1, chunk.get(i));
    }
    return ps.executeUpdate();
  }

  private String sql(int rowCount) {
    StringBuilder sql = new StringBuilder(prefix.length() + rowCount * (rowPlaceholders.length() + 1));
    sql.append(prefix);
    for (int i = 0; i < rowCount; i++) {
      if (i > 0) {
        sql.append(',');
      }
      sql.append(rowPlaceholders);
    }
    return sql.toString();
  }
}
