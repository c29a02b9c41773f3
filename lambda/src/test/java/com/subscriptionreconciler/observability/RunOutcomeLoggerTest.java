package com.subscriptionreconciler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.ExpectedJson;
import com.subscriptionreconciler.lambda.LocalContext;
import com.subscriptionreconciler.testing.Reports;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

class RunOutcomeLoggerTest {
  private final RunOutcomeLogger logger = new RunOutcomeLogger(ReportLogView.defaults());

  private CapturedOutput logInsideInvocation(RunReport report) {
    CapturedOutput out = CapturedOutput.start();
    try {
      PowertoolsLogging.withLogging(LocalContext.of("req-123"), () -> {
        try (RunLogContext ignored = RunLogContext.bind(report.runId())) {
          logger.log(report);
        }
        return null;
      });
    } finally {
      out.close();
    }
    return out;
  }

  @Test
  void completedLineCarriesLevelRequestIdRunIdAndTheReportObject() throws Exception {
    RunReport report = Reports.succeeded(RunRequest.full(Trigger.MANUAL));

    JsonNode line = logInsideInvocation(report).logLine("Reconciliation completed");

    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("function_request_id").asText()).isEqualTo("req-123");
    assertThat(line.path("runId").asText()).isEqualTo("run_test_1");
    JsonNode logged = line.path("report");
    assertThat(logged.isObject()).as("report is a JSON object, not a string").isTrue();
    // written out from docs/reference.md, The run report, for testing.Reports' manual run with two details
    ExpectedJson.assertMatches(logged, """
        {"runId":"run_test_1","trigger":"manual","mode":"full","dryRun":false,"status":"succeeded",
         "startedAt":"2026-01-05T03:00:00Z","finishedAt":"2026-01-05T03:00:04.321Z","durationMs":4321,
         "totalOrganizations":40,"totalSubscriptions":55,"synchronized":3,"created":2,"archived":1,"skipped":49,
         "unlinked":4,"errors":1,"driftByField":{"plan_tier":1,"status":2},"stripeRequests":17,
         "warnings":["unknown price price_x"],
         "details":[
           {"entity":"subscription","id":"1000","stripeId":"sub_0","action":"update",
            "changes":[{"field":"status","from":"active","to":"canceled"},{"field":"plan_tier","from":"pro","to":"team"}]},
           {"entity":"subscription","id":"1001","stripeId":"sub_1","action":"update",
            "changes":[{"field":"status","from":"active","to":"canceled"},{"field":"plan_tier","from":"pro","to":"team"}]}],
         "abortReason":null,"fallbackReason":null,"error":null,
         "webhookHealth":{"undeliveredEvents":6,"undeliveredByType":{"invoice.paid":6}}}
        """);
    assertThat(logged.has("detailsTruncated")).isFalse();
  }

  @Test
  void failedRunLogsReconciliationFailedAtError() {
    RunReport report = Reports.report(RunRequest.full(Trigger.SCHEDULE), "run_f", "failed", 0);

    JsonNode line = logInsideInvocation(report).logLine("Reconciliation failed");

    assertThat(line.path("level").asText()).isEqualTo("ERROR");
    assertThat(line.path("report").path("error").asText()).isEqualTo("could not reach Stripe");
  }

  @Test
  void abortedRunIsCompletedAtWarn() {
    RunReport report = Reports.report(RunRequest.full(Trigger.SCHEDULE), "run_a", "aborted", 0);

    assertThat(logInsideInvocation(report).logLine("Reconciliation completed").path("level").asText())
        .isEqualTo("WARN");
  }

  @Test
  void largeDetailsAreTruncatedAndSaySo() {
    RunReport report = Reports.report(RunRequest.full(Trigger.SCHEDULE), "run_big", "succeeded", 250);

    JsonNode logged = logInsideInvocation(report).logLine("Reconciliation completed").path("report");

    assertThat(logged.path("details").size()).isEqualTo(100);
    assertThat(logged.path("detailsTruncated").asBoolean()).isTrue();
    assertThat(logged.path("detailsTotal").asInt()).isEqualTo(250);
    assertThat(logged.path("synchronized").asLong()).as("counts are untouched").isEqualTo(3);
  }

  @Test
  void byteLimitShrinksDetailsUntilTheLineFits() {
    RunReport report = Reports.report(RunRequest.full(Trigger.SCHEDULE), "run_big", "succeeded", 80);

    var rendered = new ReportLogView(100, 4_000).render(report);

    assertThat(rendered.toString().length()).isLessThanOrEqualTo(4_000);
    assertThat(rendered.path("details").size()).isBetween(1, 79);
    assertThat(rendered.path("detailsTotal").asInt()).isEqualTo(80);
  }

  @Test
  void runIdIsRemovedWhenTheBindingCloses() {
    CapturedOutput out = CapturedOutput.start();
    try {
      try (RunLogContext ignored = RunLogContext.bind("run_x")) {
        org.slf4j.LoggerFactory.getLogger("test").info("inside");
      }
      org.slf4j.LoggerFactory.getLogger("test").info("after");
    } finally {
      out.close();
    }

    assertThat(out.logLine("inside").path("runId").asText()).isEqualTo("run_x");
    assertThat(out.logLine("after").has("runId")).isFalse();
  }
}
