package com.subscriptionreconciler.incremental;

import com.subscriptionreconciler.config.AccountScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The incremental mode's cursor: one row of {@code reconciliation_checkpoints}, named {@value #EVENTS}.
 *
 * <p>The engine calls {@link #advance} only after the run's changes are committed: a crash in between replays
 * those events next time (harmless, reconciling is idempotent) instead of skipping them.
 */
public final class CheckpointStore {
  public static final String EVENTS = "events";

  /*
   * One upsert that never moves the cursor backwards, even when two writers race.
   *
   * The new values are bound a second time rather than read with VALUES(col) (deprecated in MySQL 8.0.20) or
   * a row alias (MySQL only, MariaDB rejects it). last_event_created is assigned LAST: MySQL and MariaDB by
   * default evaluate assignments left to right (later ones see earlier NEW values), MariaDB's
   * SIMULTANEOUS_ASSIGNMENT mode evaluates all against the OLD row. With the time column last, every
   * condition reads the old time in both modes; the tests run both.
   *
   * Same time is allowed to replace the id: both cursors are equally far along.
   */
  private static final String ADVANCE =
      "INSERT INTO reconciliation_checkpoints (name, last_event_id, last_event_created, run_id)"
          + " VALUES (?, ?, ?, ?)"
          + " ON DUPLICATE KEY UPDATE"
          + " last_event_id = IF(last_event_created IS NULL OR ? >= last_event_created, ?, last_event_id),"
          + " run_id = IF(last_event_created IS NULL OR ? >= last_event_created, ?, run_id),"
          + " last_event_created = IF(last_event_created IS NULL OR ? >= last_event_created, ?, last_event_created)";

  private static final String LOAD =
      "SELECT last_event_created, last_event_id FROM reconciliation_checkpoints WHERE name = ?";

  private final DataSource dataSource;
  private final String name;

  public CheckpointStore(DataSource dataSource) {
    this(dataSource, EVENTS);
  }

  /**
   * One Stripe account's cursor (docs/reference.md, Several Stripe accounts): each account has its own event feed.
   * The default account keeps {@value #EVENTS}, the cursor a single-account deployment had; another account's is
   * {@code events:<label>}.
   */
  public static CheckpointStore forAccount(DataSource dataSource, AccountScope account) {
    return new CheckpointStore(dataSource, EVENTS + account.nameSuffix());
  }

  CheckpointStore(DataSource dataSource, String name) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.name = Objects.requireNonNull(name, "name");
  }

  /** The stored cursor; empty before the first run that set one (or when a row has no time). */
  public Optional<Checkpoint> load() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement ps = connection.prepareStatement(LOAD)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        LocalDateTime created = rs.getObject("last_event_created", LocalDateTime.class);
        if (created == null) {
          return Optional.empty();
        }
        return Optional.of(new Checkpoint(created.toInstant(ZoneOffset.UTC), rs.getString("last_event_id")));
      }
    }
  }

  /**
   * Moves the cursor to {@code next}, recording the run that did it; a {@code next} older than the stored one
   * is ignored (an overlapping or replayed run must not rewind the feed). Runs in its own autocommit
   * statement, on its own connection.
   */
  public void advance(Checkpoint next, String runId) throws SQLException {
    Objects.requireNonNull(next, "next");
    LocalDateTime time = LocalDateTime.ofInstant(next.lastEventCreated(), ZoneOffset.UTC);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement ps = connection.prepareStatement(ADVANCE)) {
      int i = 1;
      ps.setString(i++, name);
      setNullableString(ps, i++, next.lastEventId());
      ps.setObject(i++, time);
      setNullableString(ps, i++, runId);
      ps.setObject(i++, time);
      setNullableString(ps, i++, next.lastEventId());
      ps.setObject(i++, time);
      setNullableString(ps, i++, runId);
      ps.setObject(i++, time);
      ps.setObject(i, time);
      ps.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
  }

  private static void setNullableString(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }
}
