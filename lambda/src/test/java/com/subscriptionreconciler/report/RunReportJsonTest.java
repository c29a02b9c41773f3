package com.subscriptionreconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed views of a report (its status enum, its per-item errors) stay out of its JSON, which is a contract. */
class RunReportJsonTest {
  @Test
  void theJsonHasExactlyTheDocumentedFieldsInTheirOrderAndNoTypedViews() {
    Instant at = Instant.parse("2026-12-07T10:00:00Z");
    RunReport report = new RunReport("r-1", "event", "full", false, "partial", at, at, 0, 1, 2, 0, 0, 0, 1, 0, 1,
        Map.of(), 3, List.of("error: sub_1: refused"), List.of(), null, null, null, null, null, null,
        List.of(RunReport.ItemError.ofStripeObject("subscription", "sub_1", "refused")));

    String json = ReportJson.write(report);

    assertThat(json).isEqualTo("{\"runId\":\"r-1\",\"trigger\":\"event\",\"mode\":\"full\",\"dryRun\":false,"
        + "\"status\":\"partial\",\"startedAt\":\"2026-12-07T10:00:00Z\",\"finishedAt\":\"2026-12-07T10:00:00Z\","
        + "\"durationMs\":0,\"totalOrganizations\":1,\"totalSubscriptions\":2,\"synchronized\":0,\"created\":0,"
        + "\"archived\":0,\"skipped\":1,\"unlinked\":0,\"errors\":1,\"driftByField\":{},\"stripeRequests\":3,"
        + "\"warnings\":[\"error: sub_1: refused\"],\"details\":[],\"abortReason\":null,\"fallbackReason\":null,"
        + "\"error\":null,\"webhookHealth\":null,\"resumeRunId\":null}");
    assertThat(report.runStatus()).isEqualTo(RunStatus.PARTIAL);
    assertThat(report.itemErrors()).singleElement().extracting(RunReport.ItemError::warning)
        .isEqualTo("error: sub_1: refused");
  }
}
