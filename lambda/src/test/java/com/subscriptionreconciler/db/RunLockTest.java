package com.subscriptionreconciler.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealDatabase
class RunLockTest {

  @BeforeEach
  void clean(TestDatabase db) {
    db.truncateAll();
  }

  @Test
  void secondAttemptIsRefusedAndToldWhoHoldsTheLock(TestDatabase db) throws Exception {
    LocalDateTime started = LocalDateTime.of(2025, 1, 6, 3, 0, 0, 123_000_000);
    db.execute(
        "INSERT INTO reconciliation_runs (id, `trigger`, mode, dry_run, status, started_at)"
            + " VALUES ('run-old', 'schedule', 'full', FALSE, 'succeeded', ?),"
            + " ('run-42', 'manual', 'full', FALSE, 'running', ?)",
        started.minusDays(7),
        started);

    try (RunLock first = acquired(RunLock.tryAcquire(db.dataSource()))) {
      assertThat(first.name()).isEqualTo("subscription_reconciler." + db.schema());
      assertThat(first.isHeld()).isTrue();

      RunLock.LockAttempt second = RunLock.tryAcquire(db.dataSource());

      assertThat(second).isInstanceOf(RunLock.LockAttempt.Held.class);
      LockHolder holder = ((RunLock.LockAttempt.Held) second).holder();
      assertThat(holder.connectionId()).isEqualTo(first.connectionId());
      assertThat(holder.runId()).isEqualTo("run-42");
      assertThat(holder.runStartedAt()).isEqualTo(Instant.parse("2025-01-06T03:00:00.123Z"));
      assertThat(holder.describe())
          .isEqualTo(
              "run run-42 (started 2025-01-06T03:00:00.123Z) holds the lock 'subscription_reconciler."
                  + db.schema()
                  + "' on database connection "
                  + first.connectionId());
    }
  }

  @Test
  void holderWithoutARunRowIsStillReported(TestDatabase db) throws Exception {
    try (RunLock first = acquired(RunLock.tryAcquire(db.dataSource()))) {
      LockHolder holder = ((RunLock.LockAttempt.Held) RunLock.tryAcquire(db.dataSource())).holder();
      assertThat(holder.runId()).isNull();
      assertThat(holder.connectionId()).isEqualTo(first.connectionId());
      assertThat(holder.describe()).startsWith("another session holds the lock");
    }
  }

  @Test
  void closeReleasesTheLockAndReturnsTheConnection(TestDatabase db) throws Exception {
    RunLock first = acquired(RunLock.tryAcquire(db.dataSource()));
    assertThat(db.pool().getHikariPoolMXBean().getActiveConnections()).isEqualTo(1);

    first.close();
    first.close(); // idempotent

    assertThat(first.isHeld()).isFalse();
    assertThat(db.pool().getHikariPoolMXBean().getActiveConnections()).isZero();
    try (RunLock again = acquired(RunLock.tryAcquire(db.dataSource()))) {
      assertThat(again.isHeld()).isTrue();
    }
  }

  @Test
  void lockIsFreedWhenTheHoldingConnectionDies(TestDatabase db) throws Exception {
    RunLock doomed = acquired(RunLock.tryAcquire(db.dataSource()));
    assertThat(RunLock.tryAcquire(db.dataSource())).isInstanceOf(RunLock.LockAttempt.Held.class);

    db.execute("KILL " + doomed.connectionId());

    // the server frees the lock as the killed session ends; GET_LOCK waits for that on the server side
    RunLock.LockAttempt next = RunLock.tryAcquire(db.dataSource(), null, Duration.ofSeconds(10));
    try (RunLock survivor = acquired(next)) {
      assertThat(survivor.isHeld()).isTrue();
      assertThat(doomed.isHeld()).isFalse();
      doomed.close(); // must not throw on the dead connection
    }
    assertThat(db.pool().getHikariPoolMXBean().getActiveConnections()).isZero();
  }

  @Test
  void locksOfDifferentDatabasesAreIndependent(TestDatabase db) throws Exception {
    try (RunLock mine = acquired(RunLock.tryAcquire(db.dataSource()))) {
      RunLock.LockAttempt other =
          RunLock.tryAcquire(db.dataSource(), RunLock.nameFor("another_environment"), Duration.ZERO);
      try (RunLock theirs = acquired(other)) {
        assertThat(theirs.name()).isEqualTo("subscription_reconciler.another_environment");
        assertThat(mine.isHeld()).isTrue();
      }
    }
  }

  @Test
  void longDatabaseNamesGiveAValidLockName() {
    String name = RunLock.nameFor("x".repeat(64));
    assertThat(name).hasSizeLessThanOrEqualTo(64).startsWith("subscription_reconciler.");
    assertThat(RunLock.nameFor("x".repeat(64))).isEqualTo(name);
    assertThat(RunLock.nameFor("y".repeat(64))).isNotEqualTo(name);
  }

  private static RunLock acquired(RunLock.LockAttempt attempt) {
    assertThat(attempt).isInstanceOf(RunLock.LockAttempt.Acquired.class);
    return ((RunLock.LockAttempt.Acquired) attempt).lock();
  }
}
