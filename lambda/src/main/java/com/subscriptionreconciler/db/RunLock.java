package com.subscriptionreconciler.db;

import com.subscriptionreconciler.config.AccountScope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Only one reconciliation at a time (docs/reference.md, How it decides): a MySQL named lock ({@code GET_LOCK}) held
 * on a dedicated connection for the whole run. The server releases it when that connection ends, so a crashed or
 * timed-out Lambda never leaves the lock behind.
 *
 * <pre>{@code
 * LockAttempt attempt = RunLock.tryAcquire(dataSource);
 * if (attempt instanceof LockAttempt.Held held) {
 *   report(held.holder().describe());   // "run r-1 (started ...) holds the lock ..."
 *   return;
 * }
 * try (RunLock lock = ((LockAttempt.Acquired) attempt).lock()) {
 *   ... the run ...
 * }
 * }</pre>
 *
 * <p>Named locks are server-wide, not per database, so the default name includes the database (schema)
 * name: two environments sharing one server (or two test classes) do not block each other.
 */
public final class RunLock implements AutoCloseable {

  /** Prefix of the lock name; the full name is {@code subscription_reconciler.<database>}. */
  public static final String NAME_PREFIX = "subscription_reconciler";

  private static final int MAX_LOCK_NAME = 64;

  private final Connection connection;
  private final String name;
  private final long connectionId;
  private boolean closed;

  private RunLock(Connection connection, String name, long connectionId) {
    this.connection = connection;
    this.name = name;
    this.connectionId = connectionId;
  }

  /** The outcome of an attempt: the lock, or who holds it. */
  public sealed interface LockAttempt {
    record Acquired(RunLock lock) implements LockAttempt {}

    record Held(LockHolder holder) implements LockAttempt {}
  }

  /** Tries once, without waiting, to take the lock for the data source's database. */
  public static LockAttempt tryAcquire(DataSource dataSource) throws SQLException {
    return tryAcquire(dataSource, null, Duration.ZERO);
  }

  /**
   * Tries once, without waiting, to take one Stripe account's lock (docs/reference.md, Several Stripe accounts):
   * {@code subscription_reconciler.<database>:<label>}, so accounts run side by side and each one at a time. The
   * default account (and a deployment without {@code STRIPE_ACCOUNTS}) keeps the plain name: its rows are the ones
   * a single-account deployment reconciled, and the two must exclude each other.
   */
  public static LockAttempt tryAcquire(DataSource dataSource, AccountScope account) throws SQLException {
    // the holder named is the newest running run of this account's, not another account's
    Optional<String> runsOfAccount = account.condition("stripe_account");
    if (account.isDefault()) {
      return tryAcquire(dataSource, null, Duration.ZERO, runsOfAccount);
    }
    String database;
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT DATABASE()")) {
      rs.next();
      database = rs.getString(1);
    }
    return tryAcquire(dataSource, nameFor(database, account.nameSuffix()), Duration.ZERO, runsOfAccount);
  }

  /**
   * Tries to take the lock, waiting on the server up to {@code wait} for its holder to let go.
   *
   * @param name the lock name, or null for {@code subscription_reconciler.<current database>}
   */
  public static LockAttempt tryAcquire(DataSource dataSource, String name, Duration wait)
      throws SQLException {
    return tryAcquire(dataSource, name, wait, Optional.empty());
  }

  private static LockAttempt tryAcquire(
      DataSource dataSource, String name, Duration wait, Optional<String> runsOfAccount) throws SQLException {
    Objects.requireNonNull(wait, "wait");
    Connection connection = dataSource.getConnection();
    boolean keep = false;
    try {
      connection.setAutoCommit(true);
      String lockName = name != null ? checkName(name) : defaultName(connection);
      Integer got;
      try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
        statement.setString(1, lockName);
        statement.setLong(2, Math.max(0, wait.toSeconds()));
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          got = rs.getObject(1, Integer.class);
        }
      }
      if (got == null) {
        throw new SQLException("GET_LOCK('" + lockName + "') failed on the server");
      }
      if (got == 1) {
        long id = connectionId(connection);
        keep = true;
        return new LockAttempt.Acquired(new RunLock(connection, lockName, id));
      }
      return new LockAttempt.Held(holder(connection, lockName, runsOfAccount));
    } finally {
      if (!keep) {
        connection.close();
      }
    }
  }

  /** {@code subscription_reconciler.<database>}, shortened with a hash if over MySQL's 64 characters. */
  public static String defaultName(Connection connection) throws SQLException {
    String database;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT DATABASE()")) {
      rs.next();
      database = rs.getString(1);
    }
    return nameFor(database);
  }

  /** The default lock name for a database (schema) name. */
  public static String nameFor(String database) {
    return nameFor(database, "");
  }

  /** The lock name for a database and a suffix ({@code :label} for an account other than the default). */
  public static String nameFor(String database, String suffix) {
    String name = (database == null ? NAME_PREFIX : NAME_PREFIX + "." + database) + suffix;
    if (name.length() <= MAX_LOCK_NAME) {
      return name;
    }
    return NAME_PREFIX + "." + sha256Hex(database + suffix).substring(0, 32);
  }

  public String name() {
    return name;
  }

  /** The server connection id that holds the lock. */
  public long connectionId() {
    return connectionId;
  }

  /**
   * Whether this connection still holds the lock (it is lost if the server dropped the connection, e.g. after
   * {@code wait_timeout}). Check before applying changes after a long read phase.
   */
  public boolean isHeld() {
    if (closed) {
      return false;
    }
    try (PreparedStatement statement = connection.prepareStatement("SELECT IS_USED_LOCK(?) = CONNECTION_ID()")) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getInt(1) == 1;
      }
    } catch (SQLException e) {
      return false;
    }
  }

  /** Releases the lock and gives the connection back. Idempotent. */
  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      statement.setString(1, name);
      statement.executeQuery().close();
    } catch (SQLException e) {
      // the connection is broken, and the server released the lock with it. Closing hands it back to the
      // pool, which evicts a connection that failed this way.
      try {
        connection.close();
      } catch (SQLException ignored) {
        // nothing more to do
      }
      return;
    }
    connection.close();
  }

  private static LockHolder holder(Connection connection, String lockName, Optional<String> runsOfAccount)
      throws SQLException {
    Long holderConnection = null;
    try (PreparedStatement statement = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
      statement.setString(1, lockName);
      try (ResultSet rs = statement.executeQuery()) {
        if (rs.next()) {
          long id = rs.getLong(1);
          holderConnection = rs.wasNull() ? null : id;
        }
      }
    }
    String runId = null;
    java.time.Instant startedAt = null;
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT id, started_at FROM reconciliation_runs WHERE status = 'running'"
                    + runsOfAccount.map(condition -> " AND " + condition).orElse("")
                    + " ORDER BY started_at DESC, id DESC LIMIT 1")) {
      if (rs.next()) {
        runId = rs.getString(1);
        // DATETIME(3) holds UTC wall-clock time: read it as such, whatever the JVM's zone
        LocalDateTime started = rs.getObject(2, LocalDateTime.class);
        startedAt = started == null ? null : started.toInstant(ZoneOffset.UTC);
      }
    } catch (SQLException e) {
      // not migrated yet (no table): the connection id is all we can say
    }
    return new LockHolder(lockName, holderConnection, runId, startedAt);
  }

  private static long connectionId(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String checkName(String name) {
    if (name.isEmpty() || name.length() > MAX_LOCK_NAME) {
      throw new IllegalArgumentException("lock name must be 1 to 64 characters");
    }
    return name;
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
