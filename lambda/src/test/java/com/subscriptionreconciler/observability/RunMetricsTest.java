package com.subscriptionreconciler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.Reports;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunMetricsTest {
  private static JsonNode emit(RunReport report) {
    CapturedOutput out = CapturedOutput.start();
    try {
      RunMetrics.powertools("reconciler-test").record(report);
    } finally {
      out.close();
    }
    List<JsonNode> documents = out.emfDocuments();
    assertThat(documents).hasSize(1);
    return documents.get(0);
  }

  /** metric name → unit, from the EMF directive. */
  private static Map<String, String> units(JsonNode emf) {
    Map<String, String> units = new HashMap<>();
    JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
    directive.path("Metrics").forEach(m -> units.put(m.path("Name").asText(), m.path("Unit").asText()));
    return units;
  }

  @Test
  void emitsEverySpecMetricInTheNamespaceWithTheServiceDimension() {
    JsonNode emf = emit(Reports.succeeded(RunRequest.full(Trigger.SCHEDULE)));

    JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(directive.path("Namespace").asText()).isEqualTo("SubscriptionReconciler");
    assertThat(directive.path("Dimensions").toString()).contains("Service");
    assertThat(emf.path("Service").asText()).isEqualTo("reconciler-test");
    assertThat(units(emf)).containsKeys("RunSucceeded", "RunFailed", "Synchronized", "Created", "Archived",
        "Errors", "DriftDetected", "Unlinked", "DurationMs", "StripeRequests", "UndeliveredWebhookEvents");
    assertThat(units(emf)).containsEntry("DurationMs", "Milliseconds").containsEntry("Errors", "Count");

    assertThat(emf.path("RunSucceeded").asDouble()).isEqualTo(1);
    assertThat(emf.path("RunFailed").asDouble()).isEqualTo(0);
    assertThat(emf.path("Synchronized").asDouble()).isEqualTo(3);
    assertThat(emf.path("Created").asDouble()).isEqualTo(2);
    assertThat(emf.path("Archived").asDouble()).isEqualTo(1);
    assertThat(emf.path("DriftDetected").asDouble()).isEqualTo(6);
    assertThat(emf.path("Unlinked").asDouble()).isEqualTo(4);
    assertThat(emf.path("Errors").asDouble()).isEqualTo(1);
    assertThat(emf.path("DurationMs").asDouble()).isEqualTo(4321);
    assertThat(emf.path("StripeRequests").asDouble()).isEqualTo(17);
    assertThat(emf.path("UndeliveredWebhookEvents").asDouble()).isEqualTo(6);
    assertThat(emf.path("runId").asText()).isEqualTo("run_test_1");
  }

  @Test
  void withSeveralStripeAccountsEachAccountIsADimensionBesideService() {
    RunReport single = Reports.succeeded(RunRequest.full(Trigger.SCHEDULE));
    RunReport eu = new RunReport(single.runId(), single.trigger(), single.mode(), single.dryRun(), single.status(),
        single.startedAt(), single.finishedAt(), single.durationMs(), single.totalOrganizations(),
        single.totalSubscriptions(), single.synchronized_(), single.created(), single.archived(), single.skipped(),
        single.unlinked(), single.errors(), single.driftByField(), single.stripeRequests(), single.warnings(),
        single.details(), single.abortReason(), single.fallbackReason(), single.error(), single.webhookHealth(),
        single.resumeRunId(), "eu", single.itemErrors());

    JsonNode emf = emit(eu);
    JsonNode next = emit(single);

    assertThat(emf.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString())
        .isEqualTo("[[\"Service\"],[\"Service\",\"Account\"]]");
    assertThat(emf.path("Account").asText()).isEqualTo("eu");
    assertThat(emf.path("Service").asText()).isEqualTo("reconciler-test");
    assertThat(emf.path("RunSucceeded").asDouble()).isEqualTo(1);
    assertThat(next.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString())
        .as("the dimension does not stick to the next run's metrics").isEqualTo("[[\"Service\"]]");
    assertThat(next.has("Account")).isFalse();
  }

  @Test
  void failedRunCountsAsFailedNotSucceeded() {
    JsonNode emf = emit(Reports.report(RunRequest.full(Trigger.SCHEDULE), "r", "failed", 0));

    assertThat(emf.path("RunFailed").asDouble()).isEqualTo(1);
    assertThat(emf.path("RunSucceeded").asDouble()).isEqualTo(0);
  }

  @Test
  void dryRunNeverCountsAsASuccessfulRun() {
    JsonNode emf = emit(Reports.succeeded(RunRequest.full(Trigger.MANUAL).withDryRun(true)));

    assertThat(emf.path("RunSucceeded").asDouble()).isEqualTo(0);
    assertThat(emf.path("DriftDetected").asDouble()).isEqualTo(6);
  }

  private static List<JsonNode> emitWith(java.util.function.Consumer<RunMetrics> emit, String namespace) {
    CapturedOutput out = CapturedOutput.start();
    try {
      emit.accept(RunMetrics.powertools(namespace, "reconciler-test"));
    } finally {
      out.close();
      // the Powertools singleton keeps its namespace: put the default back for the other tests
      RunMetrics.powertools("reconciler-test");
    }
    return out.emfDocuments();
  }

  @Test
  void aDeploymentsNamespaceIsWhereTheMetricsGoAndPartialRunsAreCounted() {
    List<JsonNode> documents = emitWith(m -> m.record(
        Reports.report(RunRequest.full(Trigger.SCHEDULE), "r-partial", "partial", 0), 812_000), "Billing/Prod");

    assertThat(documents).hasSize(1);
    JsonNode emf = documents.get(0);
    assertThat(emf.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
        .isEqualTo("Billing/Prod");
    assertThat(emf.path("RunPartial").asDouble()).isEqualTo(1);
    assertThat(emf.path("RunAborted").asDouble()).isEqualTo(0);
    assertThat(emf.path("InvocationDurationMs").asDouble()).isEqualTo(812_000);
  }

  @Test
  void aPausedInvocationReportsOnlyThatItPaused() {
    List<JsonNode> documents = emitWith(m -> m.recordPause("r-paused"), "SubscriptionReconciler");

    assertThat(documents).hasSize(1);
    assertThat(units(documents.get(0))).containsOnlyKeys("InvocationPaused");
    assertThat(documents.get(0).path("runId").asText()).isEqualTo("r-paused");
  }
}
