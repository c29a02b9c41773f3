package com.subscriptionreconciler.db;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.failure.NetworkReason;
import java.sql.SQLException;

/**
 * Turns a failed pool start into one {@link DatabaseConnectionException}: "cannot connect to the database at
 * db.internal:3306 as reconciler: Access denied for user …" and the fix for that cause. HikariCP's own wrapper
 * ("Failed to initialize pool: …") repeats the driver's message, and the driver's "Communications link failure"
 * names neither the host nor the cause.
 */
final class ConnectionFailures {
  static final String CREDENTIALS_FIX =
      "check DB_USER and DB_PASSWORD (or the username and password in DB_SECRET_ID's secret, or in JDBC_URL)";
  static final String NETWORK_FIX = "check DB_HOST and DB_PORT (or JDBC_URL), that the server is running, and the"
      + " network path to it (security groups, VPC)";
  static final String DATABASE_FIX = "check DB_NAME (or the database in JDBC_URL); create the database first,"
      + " `migrate` creates only tables";
  static final String GENERAL_FIX =
      "check DB_HOST/DB_PORT/DB_NAME (or JDBC_URL), the credentials, and the network path (security groups)";
  private static final int ACCESS_DENIED = 1045;
  private static final int UNKNOWN_DATABASE = 1049;
  private static final int DEFAULT_PORT = 3306;

  private ConnectionFailures() {}

  static RuntimeException explain(RuntimeException failure, DatabaseSettings settings) {
    if (failure instanceof DatabaseTlsException) {
      return failure;
    }
    String where = "cannot connect to the database at " + hostAndPort(settings.jdbcUrl())
        + (settings.user() == null ? "" : " as " + settings.user()) + ": ";
    SQLException refused = serverAnswer(failure);
    if (refused != null && (refused.getErrorCode() == ACCESS_DENIED || "28000".equals(refused.getSQLState()))) {
      return new DatabaseConnectionException(where + oneLine(refused.getMessage()), CREDENTIALS_FIX, failure);
    }
    if (refused != null && refused.getErrorCode() == UNKNOWN_DATABASE) {
      return new DatabaseConnectionException(where + oneLine(refused.getMessage()), DATABASE_FIX, failure);
    }
    boolean network = refused == null || refused.getSQLState() != null && refused.getSQLState().startsWith("08");
    return new DatabaseConnectionException(where + NetworkReason.of(failure), network ? NETWORK_FIX : GENERAL_FIX,
        failure);
  }

  /** The deepest SQLException that carries a server error code: what the server itself said, if it answered. */
  private static SQLException serverAnswer(Throwable failure) {
    SQLException found = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
        found = sql;
      }
    }
    if (found != null) {
      return found;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  /**
   * {@code host:port} of a {@code jdbc:mysql://} URL, without any {@code user:password@} part or the database and
   * its properties (which may hold credentials); the driver's default port when the URL names none.
   */
  static String hostAndPort(String jdbcUrl) {
    String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
    int end = rest.length();
    for (char stop : new char[] {'/', '?'}) {
      int i = rest.indexOf(stop);
      if (i >= 0) {
        end = Math.min(end, i);
      }
    }
    String authority = rest.substring(0, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    if (authority.isEmpty()) {
      return "localhost:" + DEFAULT_PORT;
    }
    boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
    return hasPort || authority.contains(",") ? authority : authority + ":" + DEFAULT_PORT;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
