package com.subscriptionreconciler.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in one transaction on a connection: commits when the work returns, rolls back when it throws, and
 * gives the connection back with the auto-commit mode it had (a pooled connection is shared by later callers).
 * The work may commit part-way itself, as a long bulk load does to keep its undo log small.
 */
public final class Transactions {
  private Transactions() {}

  /** The work of one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }
}
