package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealDatabase
class CheckpointStoreTest {
  private static final Instant T = Instant.parse("2026-11-01T12:00:00Z");

  private final TestDatabase db;

  CheckpointStoreTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void empty() {
    db.truncateAll();
  }

  @Test
  void loadsNothingBeforeTheFirstAdvance() throws Exception {
    assertThat(new CheckpointStore(db.dataSource()).load()).isEmpty();
  }

  @Test
  void advanceStoresTheCursorAndTheRunThatSetIt() throws Exception {
    CheckpointStore store = new CheckpointStore(db.dataSource());

    store.advance(new Checkpoint(T.plusMillis(123), "evt_1"), "run-1");

    assertThat(store.load()).contains(new Checkpoint(T.plusMillis(123), "evt_1"));
    assertThat(db.queryValue("SELECT run_id FROM reconciliation_checkpoints WHERE name = 'events'"))
        .isEqualTo("run-1");
  }

  @Test
  void aFullRunsCheckpointWithoutAnEventIdRoundTrips() throws Exception {
    CheckpointStore store = new CheckpointStore(db.dataSource());

    store.advance(Checkpoint.at(T), "run-full");

    assertThat(store.load()).contains(new Checkpoint(T, null));
  }

  @Test
  void advancingForwardReplacesTheCursor() throws Exception {
    CheckpointStore store = new CheckpointStore(db.dataSource());
    store.advance(new Checkpoint(T, "evt_1"), "run-1");

    store.advance(new Checkpoint(T.plusSeconds(60), "evt_2"), "run-2");

    assertThat(store.load()).contains(new Checkpoint(T.plusSeconds(60), "evt_2"));
    assertThat(db.queryValue("SELECT run_id FROM reconciliation_checkpoints")).isEqualTo("run-2");
  }

  @Test
  void advancingBackwardsIsIgnoredWholly() throws Exception {
    assertBackwardsIgnored(db.dataSource());
  }

  @Test
  void advancingBackwardsIsIgnoredAlsoWhenMariaDbAssignsColumnsSimultaneously() throws Exception {
    Object version = db.queryValue("SELECT VERSION()");
    assumeTrue(String.valueOf(version).contains("MariaDB"), "SIMULTANEOUS_ASSIGNMENT is a MariaDB sql_mode");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password().reveal());
    config.setMaximumPoolSize(1);
    config.setConnectionInitSql("SET SESSION sql_mode = CONCAT(@@sql_mode, ',SIMULTANEOUS_ASSIGNMENT')");
    try (HikariDataSource simultaneous = new HikariDataSource(config)) {
      assertThat(
              (String)
                  new TestQuery(simultaneous).value("SELECT @@SESSION.sql_mode"))
          .contains("SIMULTANEOUS_ASSIGNMENT");
      assertBackwardsIgnored(simultaneous);
      db.truncateAll();
      CheckpointStore store = new CheckpointStore(simultaneous);
      store.advance(new Checkpoint(T, "evt_1"), "run-1");
      store.advance(new Checkpoint(T.plusSeconds(1), "evt_2"), "run-2");
      assertThat(store.load()).contains(new Checkpoint(T.plusSeconds(1), "evt_2"));
    }
  }

  @Test
  void theSameTimeMayReplaceTheEventId() throws Exception {
    CheckpointStore store = new CheckpointStore(db.dataSource());
    store.advance(new Checkpoint(T, "evt_a"), "run-1");

    store.advance(new Checkpoint(T, "evt_b"), "run-2");

    assertThat(store.load()).contains(new Checkpoint(T, "evt_b"));
  }

  @Test
  void survivesANewStoreInstance() throws Exception {
    new CheckpointStore(db.dataSource()).advance(new Checkpoint(T, "evt_1"), "run-1");

    Optional<Checkpoint> loaded = new CheckpointStore(db.dataSource()).load();

    assertThat(loaded).contains(new Checkpoint(T, "evt_1"));
  }

  @Test
  void checkpointsWithOtherNamesAreIndependent() throws Exception {
    new CheckpointStore(db.dataSource(), "other").advance(new Checkpoint(T, "evt_x"), "run-1");

    assertThat(new CheckpointStore(db.dataSource()).load()).isEmpty();
  }

  private void assertBackwardsIgnored(DataSource dataSource) throws Exception {
    CheckpointStore store = new CheckpointStore(dataSource);
    store.advance(new Checkpoint(T, "evt_new"), "run-new");

    store.advance(new Checkpoint(T.minusSeconds(1), "evt_old"), "run-old");

    assertThat(store.load()).contains(new Checkpoint(T, "evt_new"));
    assertThat(db.queryValue("SELECT run_id FROM reconciliation_checkpoints")).isEqualTo("run-new");
  }

  /** One scalar query on a given data source (TestDatabase's helpers use the class's own pool). */
  private record TestQuery(DataSource dataSource) {
    Object value(String sql) throws Exception {
      try (var connection = dataSource.getConnection();
          var statement = connection.createStatement();
          var rs = statement.executeQuery(sql)) {
        rs.next();
        return rs.getObject(1);
      }
    }
  }
}
