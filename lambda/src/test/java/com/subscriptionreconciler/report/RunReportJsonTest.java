package com.subscriptionreconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The report's JSON is a contract: its fields, their order, and the wire names of {@code trigger}, {@code mode}
 * and {@code status}, pinned here to literal strings so an enum rename cannot change what scripts read. The typed
 * views of a report (its per-item errors) stay out of it.
 */
class RunReportJsonTest {
  private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
  private static final String AFTER_STATUS = "\"startedAt\":\"2026-12-07T10:00:00Z\","
      + "\"finishedAt\":\"2026-12-07T10:00:00Z\",\"durationMs\":0,\"totalOrganizations\":1,\"totalSubscriptions\":2,"
      + "\"synchronized\":0,\"created\":0,\"archived\":0,\"skipped\":1,\"unlinked\":0,\"errors\":0,\"driftByField\":{},"
      + "\"stripeRequests\":3,\"warnings\":[],\"details\":[],\"abortReason\":null,\"fallbackReason\":null,"
      + "\"error\":null,\"webhookHealth\":null,\"resumeRunId\":null}";

  /** One row per combination shown; together they name every trigger, mode and status at least once. */
  record Golden(Trigger trigger, Mode mode, RunStatus status, String json, String textHeader) {}

  static final List<Golden> GOLDEN = List.of(
      new Golden(Trigger.SCHEDULE, Mode.FULL, RunStatus.RUNNING,
          "{\"runId\":\"r-1\",\"trigger\":\"schedule\",\"mode\":\"full\",\"dryRun\":false,\"status\":\"running\",",
          "Run r-1  full  RUNNING  (schedule, 0 ms)"),
      new Golden(Trigger.MANUAL, Mode.INCREMENTAL, RunStatus.SUCCEEDED,
          "{\"runId\":\"r-1\",\"trigger\":\"manual\",\"mode\":\"incremental\",\"dryRun\":false,\"status\":\"succeeded\",",
          "Run r-1  incremental  SUCCEEDED  (manual, 0 ms)"),
      new Golden(Trigger.CLI, Mode.ROLLBACK, RunStatus.PARTIAL,
          "{\"runId\":\"r-1\",\"trigger\":\"cli\",\"mode\":\"rollback\",\"dryRun\":false,\"status\":\"partial\",",
          "Run r-1  rollback  PARTIAL  (cli, 0 ms)"),
      new Golden(Trigger.EVENT, Mode.FULL, RunStatus.ABORTED,
          "{\"runId\":\"r-1\",\"trigger\":\"event\",\"mode\":\"full\",\"dryRun\":false,\"status\":\"aborted\",",
          "Run r-1  full  ABORTED  (event, 0 ms)"),
      new Golden(Trigger.CLI, Mode.INCREMENTAL, RunStatus.FAILED,
          "{\"runId\":\"r-1\",\"trigger\":\"cli\",\"mode\":\"incremental\",\"dryRun\":false,\"status\":\"failed\",",
          "Run r-1  incremental  FAILED  (cli, 0 ms)"));

  private static RunReport report(Trigger trigger, Mode mode, RunStatus status) {
    return new RunReport("r-1", trigger, mode, false, status, AT, AT, 0, 1, 2, 0, 0, 0, 1, 0, 0, Map.of(), 3,
        List.of(), List.of(), null, null, null, null, null, null, null);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("GOLDEN")
  void eachTriggerModeAndStatusIsWrittenByItsWireName(Golden golden) throws Exception {
    RunReport report = report(golden.trigger(), golden.mode(), golden.status());

    String json = ReportJson.write(report);
    StringWriter text = new StringWriter();
    ReportText.print(report, new PrintWriter(text));

    assertThat(json).isEqualTo(golden.json() + AFTER_STATUS);
    assertThat(text.toString()).startsWith(golden.textHeader() + System.lineSeparator());
    assertThat(ReportJson.mapper().readValue(json, RunReport.class)).as("read back, as show reads a stored report")
        .isEqualTo(report);
  }

  @Test
  void theGoldenRowsNameEveryTriggerModeAndStatus() {
    assertThat(GOLDEN).extracting(Golden::trigger).contains(Trigger.values());
    assertThat(GOLDEN).extracting(Golden::mode).contains(Mode.values());
    assertThat(GOLDEN).extracting(Golden::status).contains(RunStatus.values());
  }

  @Test
  void theJsonHasExactlyTheDocumentedFieldsInTheirOrderAndNoTypedViews() {
    RunReport report = new RunReport("r-1", Trigger.EVENT, Mode.FULL, false, RunStatus.PARTIAL, AT, AT, 0, 1, 2, 0,
        0, 0, 1, 0, 1, Map.of(), 3, List.of("error: sub_1: refused"), List.of(), null, null, null, null, null, null,
        List.of(RunReport.ItemError.ofStripeObject("subscription", "sub_1", "refused")));

    String json = ReportJson.write(report);

    assertThat(json).isEqualTo("{\"runId\":\"r-1\",\"trigger\":\"event\",\"mode\":\"full\",\"dryRun\":false,"
        + "\"status\":\"partial\",\"startedAt\":\"2026-12-07T10:00:00Z\",\"finishedAt\":\"2026-12-07T10:00:00Z\","
        + "\"durationMs\":0,\"totalOrganizations\":1,\"totalSubscriptions\":2,\"synchronized\":0,\"created\":0,"
        + "\"archived\":0,\"skipped\":1,\"unlinked\":0,\"errors\":1,\"driftByField\":{},\"stripeRequests\":3,"
        + "\"warnings\":[\"error: sub_1: refused\"],\"details\":[],\"abortReason\":null,\"fallbackReason\":null,"
        + "\"error\":null,\"webhookHealth\":null,\"resumeRunId\":null}");
    assertThat(report.itemErrors()).singleElement().extracting(RunReport.ItemError::warning)
        .isEqualTo("error: sub_1: refused");
  }
}
