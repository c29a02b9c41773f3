package com.subscriptionreconciler.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealDatabase
class RunHistoryTest {
  private static final Instant T0 = Instant.parse("2026-01-05T03:00:00.123Z");

  private final TestDatabase db;

  RunHistoryTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void empty() {
    db.truncateAll();
  }

  @Test
  void changesArePagedInRecordingOrderAcrossPageBoundaries() throws Exception {
    insertRun("run_a", T0);
    insertRun("run_b", T0);
    for (int i = 0; i < 7; i++) {
      insertChange("run_a", "field_" + i);
      insertChange("run_b", "other_" + i);
    }
    List<String> seen = new ArrayList<>();

    long count = new RunHistory(db.dataSource(), 3).forEachChange("run_a", c -> seen.add(c.field()));

    assertThat(count).isEqualTo(7);
    assertThat(seen).containsExactly("field_0", "field_1", "field_2", "field_3", "field_4", "field_5", "field_6");
  }

  @Test
  void anExactMultipleOfThePageSizeEndsWithAnEmptyPage() throws Exception {
    insertRun("run_a", T0);
    for (int i = 0; i < 4; i++) {
      insertChange("run_a", "f" + i);
    }

    assertThat(new RunHistory(db.dataSource(), 2).forEachChange("run_a", c -> { })).isEqualTo(4);
  }

  @Test
  void findReadsTheRowWithMillisecondTimesInUtcAndTheReport() throws Exception {
    insertRun("run_a", T0);

    StoredRun run = new RunHistory(db.dataSource()).find("run_a").orElseThrow();

    assertThat(run.summary().startedAt()).isEqualTo(T0);
    assertThat(run.summary().finishedAt()).isNull();
    assertThat(run.summary().durationMs()).isNull();
    assertThat(run.summary().trigger()).isEqualTo("cli");
    assertThat(run.reportJson()).contains("{\"runId\":\"run_a\"}");
    assertThat(new RunHistory(db.dataSource()).find("RUN_A")).as("run ids are case-sensitive").isEmpty();
  }

  @Test
  void recentIsNewestFirstWithTiesBrokenById() throws Exception {
    insertRun("run_1", T0);
    insertRun("run_3", T0.plusSeconds(5));
    insertRun("run_2", T0.plusSeconds(5));

    assertThat(new RunHistory(db.dataSource()).recent(10)).extracting(RunSummary::runId)
        .containsExactly("run_3", "run_2", "run_1");
  }

  private void insertRun(String id, Instant started) {
    db.execute("INSERT INTO reconciliation_runs (id, `trigger`, mode, status, started_at, report)"
        + " VALUES (?, 'cli', 'full', 'running', ?, ?)", id, LocalDateTime.ofInstant(started, ZoneOffset.UTC),
        "{\"runId\":\"" + id + "\"}");
  }

  private void insertChange(String runId, String field) {
    db.execute("INSERT INTO reconciliation_changes (run_id, entity, entity_id, action, field, applied)"
        + " VALUES (?, 'subscription', 1, 'update', ?, TRUE)", runId, field);
  }
}
