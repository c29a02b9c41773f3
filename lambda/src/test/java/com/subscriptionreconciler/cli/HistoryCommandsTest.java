package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code migrate}, {@code runs} and {@code show} on a real database, configured only by DB variables. */
@RealDatabase
class HistoryCommandsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T03:00:00Z");
  private static final String METADATA = "{\"plan\":\"pro, annual\",\"note\":\"say \\\"hi\\\"\"}";

  private final Cli cli = new Cli();
  private final TestDatabase db;

  HistoryCommandsTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void empty() {
    db.truncateAll();
  }

  /** The database and nothing else: no Stripe key, and Stripe variables that would not even parse. */
  private Map<String, String> env() {
    return env(db.jdbcUrl());
  }

  private Map<String, String> env(String jdbcUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("JDBC_URL", jdbcUrl);
    env.put("DB_USER", db.user());
    env.put("DB_PASSWORD", db.password().reveal());
    env.put("STRIPE_MAX_RPS", "fast");
    env.put("PLAN_TIER_MAP", "not json");
    return env;
  }

  @Test
  void migrateOnAMigratedSchemaSaysItIsUpToDate() {
    Cli.Result result = cli.run(env(), "migrate");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("schema up to date at version 3" + System.lineSeparator());
  }

  @Test
  void migrateCreatesTheSchemaOnAnEmptyDatabaseThenIsANoOp() {
    String fresh = db.schema() + "_fresh";
    db.execute("CREATE DATABASE `" + fresh + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    try {
      Map<String, String> env = env(db.jdbcUrl().replace("/" + db.schema(), "/" + fresh));

      Cli.Result first = cli.run(env, "migrate");
      Cli.Result second = cli.run(env, "migrate");

      assertThat(first.exit()).as(first.err()).isZero();
      assertThat(first.out()).contains("migrated schema from empty to version 3:")
          .containsPattern("  version 1: [Bb]illing tables").containsPattern("  version 2: [Rr]econciliation tables")
          .containsPattern("  version 3: [Ss]tripe account column");
      assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?"
          + " AND table_name IN ('organizations', 'subscriptions', 'reconciliation_runs', 'reconciliation_changes')",
          fresh)).isEqualTo(4L);
      assertThat(second.exit()).isZero();
      assertThat(second.out()).isEqualTo("schema up to date at version 3" + System.lineSeparator());
    } finally {
      db.execute("DROP DATABASE IF EXISTS `" + fresh + "`");
    }
  }

  @Test
  void runsWithNoHistorySaysSo() {
    Cli.Result result = cli.run(env(), "runs");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("no runs recorded yet");
  }

  @Test
  void runsListsTheMostRecentFirstUpToTheLimit() {
    insertRun("run_old", "schedule", false, "succeeded", T0, 61_000L, null);
    insertRun("run_mid", "manual", true, "aborted", T0.plusSeconds(3600), 950L, null);
    insertRun("run_new", "cli", false, "partial", T0.plusSeconds(7200), 4_321L, null);

    Cli.Result result = cli.run(env(), "runs", "--limit", "2");

    assertThat(result.exit()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("RUN ID", "STARTED (UTC)", "TRIGGER", "MODE", "DRY", "STATUS", "COUNTS",
        "SYNC", "CREATED", "ARCHIVED", "ERRORS", "DURATION");
    assertThat(lines.get(1)).startsWith("run_new").contains("2026-01-05 05:00:00", "cli", "full", "no",
        "partial", "applied", "4.3 s");
    assertThat(lines.get(2)).startsWith("run_mid").contains("manual", "yes", "aborted", "planned", "950 ms");
    assertThat(result.out()).doesNotContain("run_old");
  }

  @Test
  void runsAsJsonUsesTheReportsFieldNames() throws Exception {
    insertRun("run_a", "cli", true, "succeeded", T0, 1_234L, null);
    insertRun("run_b", "cli", false, "running", T0.plusSeconds(60), null, null);

    Cli.Result result = cli.run(env(), "runs", "--format", "json");

    JsonNode runs = ReportJson.mapper().readTree(result.out());
    assertThat(runs.isArray()).isTrue();
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).path("runId").asText()).isEqualTo("run_b");
    assertThat(runs.get(0).path("durationMs").isNull()).isTrue();
    assertThat(runs.get(0).path("finishedAt").isNull()).isTrue();
    JsonNode a = runs.get(1);
    assertThat(a.path("trigger").asText()).isEqualTo("cli");
    assertThat(a.path("dryRun").asBoolean()).isTrue();
    assertThat(a.path("startedAt").asText()).isEqualTo("2026-01-05T03:00:00Z");
    assertThat(a.path("synchronized").asLong()).isEqualTo(3);
    assertThat(a.path("created").asLong()).isEqualTo(1);
    assertThat(a.path("archived").asLong()).isEqualTo(2);
    assertThat(a.path("errors").asLong()).isEqualTo(4);
    assertThat(a.path("durationMs").asLong()).isEqualTo(1_234);
    assertThat(a.path("applied").asBoolean(true)).as("a dry run's counts are planned").isFalse();
    assertThat(runs.get(0).path("applied").asBoolean(false)).as("a running real run has applied its counts").isTrue();
  }

  @Test
  void runsTellsAppliedCountsFromPlannedOnes() {
    insertRun("run_real", "cli", false, "succeeded", T0, 1_000L, null);
    insertRun("run_dry", "cli", true, "succeeded", T0.plusSeconds(60), 1_000L, null);
    insertRun("run_guard", "schedule", false, "aborted", T0.plusSeconds(120), 1_000L, null);
    insertRun("run_broken", "schedule", false, "failed", T0.plusSeconds(180), 1_000L, null);

    Cli.Result result = cli.run(env(), "runs");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out().lines())
        .filteredOn(line -> line.startsWith("run_"))
        .extracting(line -> line.split("\\s+")[0] + " " + line.split("\\s+")[7])
        .containsExactly("run_broken -", "run_guard planned", "run_dry planned", "run_real applied");
  }

  @Test
  void showPrintsTheStoredReportThenTheRecordedChanges() {
    RunReport report = Reports.of(RunRequest.full(Trigger.CLI), "succeeded", true);
    insertRun("run_cli_1", "cli", false, "succeeded", T0, 1_234L, ReportJson.write(report));
    insertChanges("run_cli_1");

    Cli.Result result = cli.run(env(), "show", "run_cli_1");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("Run run_cli_1  full  SUCCEEDED  (cli, 1234 ms)")
        .contains("unknown price price_x")
        .contains("update  subscription #1000 sub_1  status: active -> canceled  [applied]")
        .contains("update  subscription #1000 sub_1  metadata: ∅ -> " + METADATA + "  [applied]")
        .contains("insert  subscription (new) sub_9  plan_tier: ∅ ->   [not applied]")
        .contains("3 changes recorded");
    assertThat(result.out().indexOf("Recorded changes")).isGreaterThan(result.out().indexOf("Run run_cli_1"));
  }

  @Test
  void showAsJsonIsTheStoredReportAndTheChanges() throws Exception {
    RunReport report = Reports.of(RunRequest.full(Trigger.CLI), "succeeded", true);
    insertRun("run_cli_1", "cli", false, "succeeded", T0, 1_234L, ReportJson.write(report));
    insertChanges("run_cli_1");

    Cli.Result result = cli.run(env(), "show", "run_cli_1", "--format", "json");

    JsonNode shown = ReportJson.mapper().readTree(result.out());
    assertThat(ReportJson.mapper().treeToValue(shown.path("report"), RunReport.class)).isEqualTo(report);
    JsonNode changes = shown.path("changes");
    assertThat(changes).hasSize(3);
    assertThat(changes.get(0).path("runId").asText()).isEqualTo("run_cli_1");
    assertThat(changes.get(0).path("entity").asText()).isEqualTo("subscription");
    assertThat(changes.get(0).path("entityId").asLong()).isEqualTo(1000);
    assertThat(changes.get(0).path("field").asText()).isEqualTo("status");
    assertThat(changes.get(0).path("oldValue").asText()).isEqualTo("active");
    assertThat(changes.get(0).path("applied").asBoolean()).isTrue();
    assertThat(changes.get(0).path("createdAt").asText()).isEqualTo("2026-01-05T03:00:01Z");
    assertThat(changes.get(1).path("oldValue").isNull()).isTrue();
    assertThat(changes.get(1).path("newValue").asText()).isEqualTo(METADATA);
    assertThat(changes.get(2).path("entityId").isNull()).isTrue();
    assertThat(changes.get(2).path("newValue").asText()).isEmpty();
    assertThat(changes.get(2).path("applied").asBoolean()).isFalse();
  }

  @Test
  void showAsCsvIsOneRfc4180RecordPerChange() {
    insertRun("run_cli_1", "cli", false, "succeeded", T0, 1_234L, null);
    insertChanges("run_cli_1");

    Cli.Result result = cli.run(env(), "show", "run_cli_1", "--format", "csv");

    assertThat(result.exit()).as(result.err()).isZero();
    List<List<String>> records = Rfc4180.parse(result.out());
    assertThat(records).containsExactly(
        ShowCommand.CSV_HEADER,
        List.of("run_cli_1", "subscription", "1000", "sub_1", "update", "status", "active", "canceled", "true",
            "2026-01-05T03:00:01Z"),
        Arrays.asList("run_cli_1", "subscription", "1000", "sub_1", "update", "metadata", null, METADATA, "true",
            "2026-01-05T03:00:01Z"),
        Arrays.asList("run_cli_1", "subscription", null, "sub_9", "insert", "plan_tier", null, "", "false",
            "2026-01-05T03:00:02Z"));
    assertThat(result.out()).startsWith(
        "run_id,entity,entity_id,stripe_id,action,field,old_value,new_value,applied,created_at\r\n")
        .contains(",\"{\"\"plan\"\":\"\"pro, annual\"\",\"\"note\"\":\"\"say \\\"\"hi\\\"\"\"\"}\",");
  }

  @Test
  void showWithoutAStoredReportFallsBackToTheRowsCounts() throws Exception {
    insertRun("run_dead", "schedule", false, "running", T0, null, null);

    Cli.Result text = cli.run(env(), "show", "run_dead");
    Cli.Result json = cli.run(env(), "show", "run_dead", "--format", "json");

    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).contains("Run run_dead  full  RUNNING  (schedule, 0 ms)")
        .contains("changed 3   created 1   archived 2").contains(StoredReports.NO_STORED_REPORT)
        .contains("0 changes recorded");
    JsonNode report = ReportJson.mapper().readTree(json.out()).path("report");
    assertThat(report.path("runId").asText()).isEqualTo("run_dead");
    assertThat(report.path("synchronized").asLong()).isEqualTo(3);
    assertThat(report.path("warnings").get(0).asText()).isEqualTo(StoredReports.NO_STORED_REPORT);
  }

  /** A newer version sharing the database may record a trigger, mode or status this one does not know. */
  @Test
  void runsListsAValueThisVersionDoesNotKnowAsStoredAndShowSaysWhyItCannotRenderIt() throws Exception {
    insertRun("run_new", "api", false, "paused", T0, 1_000L,
        "{\"runId\":\"run_new\",\"trigger\":\"api\",\"mode\":\"full\",\"status\":\"paused\"}");

    Cli.Result table = cli.run(env(), "runs");
    Cli.Result json = cli.run(env(), "runs", "--format", "json");
    Cli.Result show = cli.run(env(), "show", "run_new");

    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out().lines()).filteredOn(line -> line.startsWith("run_new"))
        .extracting(line -> List.of(line.split("\\s+")).subList(3, 8))
        .containsExactly(List.of("api", "full", "no", "paused", "applied"));
    JsonNode run = ReportJson.mapper().readTree(json.out()).get(0);
    assertThat(run.path("trigger").asText()).isEqualTo("api");
    assertThat(run.path("status").asText()).isEqualTo("paused");
    assertThat(show.exit()).isEqualTo(1);
    assertThat(show.err()).isEqualTo("error: run run_new was recorded with trigger 'api', which this version does not"
        + " know" + System.lineSeparator() + "fix: show it with the (newer) version that recorded it; `runs` lists it"
        + " as stored" + System.lineSeparator());
    assertThat(show.out()).isEmpty();
  }

  @Test
  void showOfARowWithAnUnknownStatusAndNoReportSaysWhichValue() {
    insertRun("run_new", "cli", false, "paused", T0, null, null);

    Cli.Result show = cli.run(env(), "show", "run_new", "--format", "json");

    assertThat(show.exit()).isEqualTo(1);
    assertThat(show.err()).startsWith("error: run run_new was recorded with status 'paused', which this version does"
        + " not know" + System.lineSeparator());
  }

  @Test
  void showOfAnUnknownRunExitsTwo() {
    insertRun("run_a", "cli", false, "succeeded", T0, 1L, null);

    Cli.Result result = cli.run(env(), "show", "nope");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("no run with id 'nope'");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void anUnreachableDatabaseIsExitOneWithTheCauseAndItsFixAndNoPassword() {
    Map<String, String> env = env("jdbc:mysql://127.0.0.1:1/nowhere?connectTimeout=500");
    env.put("DB_PASSWORD", "pw-Canary-77");

    Cli.Result result = cli.run(env, "runs");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("error: cannot connect to the database at 127.0.0.1:1")
        .contains(System.lineSeparator() + "fix: check DB_HOST and DB_PORT").hasLineCount(2)
        .doesNotContain("pw-Canary-77");
  }

  private void insertRun(String id, String trigger, boolean dryRun, String status, Instant started, Long durationMs,
      String report) {
    db.execute("INSERT INTO reconciliation_runs (id, `trigger`, mode, dry_run, status, started_at, finished_at,"
            + " duration_ms, total_organizations, total_subscriptions, synchronized_count, created, archived,"
            + " skipped, unlinked, errors, stripe_requests, report)"
            + " VALUES (?, ?, 'full', ?, ?, ?, ?, ?, 10, 12, 3, 1, 2, 6, 0, 4, 7, ?)",
        id, trigger, dryRun, status, utc(started),
        durationMs == null ? null : utc(started.plusMillis(durationMs)), durationMs, report);
  }

  private void insertChanges(String runId) {
    String sql = "INSERT INTO reconciliation_changes"
        + " (run_id, entity, entity_id, stripe_id, action, field, old_value, new_value, applied, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    db.execute(sql, runId, "subscription", 1000L, "sub_1", "update", "status", "active", "canceled", true,
        utc(T0.plusSeconds(1)));
    db.execute(sql, runId, "subscription", 1000L, "sub_1", "update", "metadata", null, METADATA, true,
        utc(T0.plusSeconds(1)));
    db.execute(sql, runId, "subscription", null, "sub_9", "insert", "plan_tier", null, "", false,
        utc(T0.plusSeconds(2)));
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
