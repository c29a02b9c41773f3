package com.subscriptionreconciler.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which {@code running} rows the run that takes the lock marks as interrupted, and which it leaves alone. */
@RealDatabase
class InterruptedRunsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.500Z");

  private final TestDatabase db;

  InterruptedRunsTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void empty() {
    db.truncateAll();
  }

  @Test
  void onlyRowsNoLiveRunCanOwnAreMarked() throws Exception {
    run("r-dead-cli", "cli", Duration.ofSeconds(30), null);
    run("r-dead-schedule", "schedule", Duration.ofDays(3), null);
    run("r-paused", "schedule", Duration.ofHours(2), "{\"resume\":true}");
    run("r-event-young", "event", Duration.ofMinutes(14), null);
    run("r-event-old", "event", Duration.ofMinutes(16), null);
    run("r-own", "cli", Duration.ZERO, null);
    db.execute("INSERT INTO reconciliation_runs (id, `trigger`, mode, dry_run, status, started_at)"
        + " VALUES ('r-done', 'cli', 'full', FALSE, 'succeeded', '2026-03-01 11:00:00')");
    db.execute("INSERT INTO reconciliation_changes (run_id, entity, entity_id, stripe_id, action, field, old_value,"
        + " new_value, applied, created_at) VALUES ('r-dead-cli', 'subscription', 7, 'sub_1', 'insert', 'status',"
        + " NULL, 'active', TRUE, '2026-03-01 11:59:31'), ('r-dead-cli', 'subscription', 7, 'sub_1', 'insert',"
        + " 'plan_tier', NULL, 'pro', TRUE, '2026-03-01 11:59:31')");

    int marked = new RunRecords(db.dataSource(), new StatementCounter()).markInterrupted("r-own", NOW);

    assertThat(marked).isEqualTo(3);
    Map<Object, Object> status = db.query("SELECT id, status FROM reconciliation_runs").stream()
        .collect(Collectors.toMap(r -> r.get("id"), r -> r.get("status")));
    assertThat(status).containsOnly(
        Map.entry("r-dead-cli", "failed"), Map.entry("r-dead-schedule", "failed"), Map.entry("r-event-old", "failed"),
        Map.entry("r-paused", "running"), Map.entry("r-event-young", "running"), Map.entry("r-own", "running"),
        Map.entry("r-done", "succeeded"));
    assertThat(db.query("SELECT error, finished_at, created FROM reconciliation_runs WHERE id = 'r-dead-cli'").get(0))
        .containsEntry("error", "interrupted: the process died before finishing")
        .containsEntry("finished_at", null)
        .containsEntry("created", 1L);
    assertThat(db.count("reconciliation_changes")).as("the audit rows stay").isEqualTo(2);
  }

  private void run(String id, String trigger, Duration age, String resumeState) {
    db.execute("INSERT INTO reconciliation_runs (id, `trigger`, mode, dry_run, status, started_at, resume_state)"
        + " VALUES (?, ?, 'full', FALSE, 'running', ?, ?)", id, trigger,
        LocalDateTime.ofInstant(NOW.minus(age), ZoneOffset.UTC), resumeState);
  }
}
