package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.Reports;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReconcilerHandlerTest extends HandlerTestSupport {
  @Test
  void scheduledEventFromEventBridgeIsAFullScheduledRun() throws IOException {
    String resource = "events/scheduled_event_real_run.json";
    ScheduledEvent event = EventLoader.loadScheduledEvent(resource);
    assertThat(event.getSource()).isEqualTo("aws.events");
    assertThat(event.getDetailType()).isEqualTo("Scheduled Event");

    JsonNode response;
    CapturedOutput out = CapturedOutput.start();
    try (InputStream raw = getClass().getClassLoader().getResourceAsStream(resource)) {
      response = invoke(handler, raw, out);
    } finally {
      out.close();
    }

    assertThat(requests).containsExactly(RunRequest.full(Trigger.SCHEDULE));
    assertThat(response.path("trigger").asText()).isEqualTo("schedule");
    assertThat(response.path("status").asText()).isEqualTo("succeeded");
    assertThat(response.path("runId").asText()).isEqualTo("run_test_1");

    JsonNode requested = out.logLine("Reconciliation requested");
    assertThat(requested.path("function_request_id").asText()).isEqualTo("req-0");
    assertThat(requested.path("trigger").asText()).isEqualTo("schedule");
    JsonNode completed = out.logLine("Reconciliation completed");
    assertThat(completed.path("function_request_id").asText()).isEqualTo("req-0");
    assertThat(completed.path("runId").asText()).isEqualTo("run_test_1");
    assertThat(completed.path("report")).isEqualTo(response);
    assertThat(out.emfDocuments()).singleElement()
        .satisfies(emf -> assertThat(emf.path("RunSucceeded").asDouble()).isEqualTo(1));
  }

  @ParameterizedTest(name = "POWERTOOLS_SERVICE_NAME={0} -> service {1}")
  @CsvSource({"billing-reconciler, billing-reconciler", "'', subscription-reconciler"})
  void everyLogLineNamesTheServiceEvenWithoutPowertoolsServiceName(String configured, String expected)
      throws IOException {
    Map<String, String> env = environment();
    if (configured.isEmpty()) {
      env.remove("POWERTOOLS_SERVICE_NAME");
    } else {
      env.put("POWERTOOLS_SERVICE_NAME", configured);
    }

    try (CapturedOutput out = CapturedOutput.start()) {
      invoke(handler(env), json("{}"), out);

      assertThat(out.logLines()).isNotEmpty()
          .allSatisfy(line -> assertThat(line.path("service").asText()).isEqualTo(expected));
      assertThat(out.emfDocuments()).singleElement()
          .satisfies(emf -> assertThat(emf.path("Service").asText()).isEqualTo(expected));
    }
  }

  @Test
  void emptyObjectAndEmptyBodyAreFullManualRuns() throws IOException {
    invoke("{}");
    invoke("");

    assertThat(requests).containsExactly(RunRequest.full(Trigger.MANUAL), RunRequest.full(Trigger.MANUAL));
  }

  @Test
  void manualPayloadWithEveryField() throws IOException {
    JsonNode response = invoke("{\"mode\":\"incremental\",\"dryRun\":true,\"force\":true,"
        + "\"organizationIds\":[7,9],\"customerIds\":[\"cus_A\",\"acct_1B\"],\"subscriptionIds\":[\"sub_B\"]}");

    assertThat(requests).containsExactly(new RunRequest(Trigger.MANUAL, Mode.INCREMENTAL, true, true,
        List.of(7L, 9L), List.of("cus_A", "acct_1B"), List.of("sub_B")));
    assertThat(response.path("dryRun").asBoolean()).isTrue();
    assertThat(response.path("mode").asText()).isEqualTo("incremental");
  }

  @Test
  void customRuleInputCanDeclareItselfScheduled() throws IOException {
    invoke("{\"mode\":\"full\",\"trigger\":\"schedule\"}");

    assertThat(requests).containsExactly(RunRequest.full(Trigger.SCHEDULE));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"mode\":\"fast\"}                         | unknown mode 'fast' (expected full or incremental)",
      "{\"mode\":\"rollback\"}                     | unknown mode 'rollback' (expected full or incremental)",
      "{\"mode\":7}                                | field 'mode' must be a string",
      "{\"dryRun\":\"true\"}                       | field 'dryRun' must be a boolean (true or false)",
      "{\"force\":1}                               | field 'force' must be a boolean (true or false)",
      "{\"organizationIds\":[\"12\"]}              | field 'organizationIds[0]' must be an array of whole numbers",
      "{\"organizationIds\":[1.5]}                 | field 'organizationIds[0]' must be an array of whole numbers",
      "{\"organizationIds\":5}                     | field 'organizationIds' must be an array of whole numbers",
      "{\"organizationIds\":[0]}                   | organizationIds must contain positive ids",
      "{\"customerIds\":[\"sub_1\"]}               | customerIds[0] is not a Stripe id (expected cus_ or acct_ followed by letters and digits)",
      "{\"subscriptionIds\":[null]}                | subscriptionIds must not contain null",
      "{\"mode\":\"full\",\"dry_run\":true}        | unknown field 'dry_run' (allowed: mode, dryRun, force, organizationIds, customerIds, subscriptionIds, trigger, resumeRunId, account)",
      "{\"trigger\":\"cli\"}                       | unknown trigger 'cli' (expected manual or schedule)",
      "[1,2]                                       | payload must be a JSON object",
      "{\"mode\":                                  | payload is not valid JSON",
  })
  void invalidPayloadIsRejectedAndNothingIsTouched(String payload, String message) {
    try (CapturedOutput out = CapturedOutput.start()) {
      Throwable thrown = catchThrowable(() -> invoke(handler, json(payload), out));
      assertThat(thrown).isInstanceOf(InvalidPayloadException.class).hasMessageStartingWith(message);
      assertThat(out.logLine("Invalid payload, nothing was run: " + thrown.getMessage()).path("level").asText())
          .isEqualTo("WARN");
    }
    assertThat(requests).isEmpty();
    assertThat(configs).as("no configuration, no engine built").isEmpty();
    assertThat(secretsManager.calls()).as("no secret read").isZero();
  }

  @Test
  void failedRunFailsTheInvocationAfterItsReportAndMetricsAreWritten() {
    outcome = request -> Reports.report(request, "run_failed_1", "failed", 0);

    try (CapturedOutput out = CapturedOutput.start()) {
      assertThatThrownBy(() -> invoke(handler, json("{}"), out))
          .isInstanceOf(ReconciliationFailedException.class)
          .hasMessage("Reconciliation run run_failed_1 failed: could not reach Stripe");

      JsonNode failed = out.logLine("Reconciliation failed");
      assertThat(failed.path("level").asText()).isEqualTo("ERROR");
      assertThat(failed.path("runId").asText()).isEqualTo("run_failed_1");
      assertThat(failed.path("report").path("status").asText()).isEqualTo("failed");
      assertThat(out.emfDocuments()).singleElement()
          .satisfies(emf -> assertThat(emf.path("RunFailed").asDouble()).isEqualTo(1));
    }
  }

  @Test
  void abortedAndPartialRunsReturnTheirReport() throws IOException {
    outcome = request -> Reports.report(request, "run_a", "aborted", 0);
    assertThat(invoke("{}").path("status").asText()).isEqualTo("aborted");

    outcome = request -> Reports.report(request, "run_p", "partial", 1);
    assertThat(invoke("{}").path("status").asText()).isEqualTo("partial");
  }

  @Test
  void engineCrashIsCountedAsAFailedRunAndFailsTheInvocation() {
    outcome = request -> {
      throw new IllegalStateException("boom");
    };

    try (CapturedOutput out = CapturedOutput.start()) {
      assertThatThrownBy(() -> invoke(handler, json("{}"), out))
          .isInstanceOf(ReconciliationFailedException.class)
          .hasMessageContaining("IllegalStateException")
          .hasNoCause();
      assertThat(out.logLine("Reconciliation failed").path("error").path("message").asText()).isEqualTo("boom");
      assertThat(out.emfDocuments()).singleElement()
          .satisfies(emf -> assertThat(emf.path("RunFailed").asDouble()).isEqualTo(1));
    }
  }

  @Test
  void warmInvocationsReuseTheCachedSecretsAndTheSameEngine() throws IOException {
    invoke("{}");
    invoke("{\"dryRun\":true}");
    invoke("{\"mode\":\"incremental\"}");

    assertThat(requests).hasSize(3);
    assertThat(secretsManager.requestedIds()).as("each secret fetched once per execution environment")
        .containsExactlyInAnyOrder("prod/stripe", "prod/db");
    assertThat(configs).as("engine (and its pool) built once").hasSize(1);
    ReconcilerConfig config = configs.get(0);
    assertThat(config.stripe().apiKey().reveal()).isEqualTo(STRIPE_KEY);
    assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:mysql://rds.internal:3306/billing");
  }

  @Test
  void configurationErrorFailsTheInvocationAndIsRetriedOnTheNextOne() throws IOException {
    Map<String, String> env = environment();
    env.put("STRIPE_SECRET_ID", "prod/stripe-missing");
    ReconcilerHandler misconfigured = handler(env);

    try (CapturedOutput out = CapturedOutput.start()) {
      assertThatThrownBy(() -> invoke(misconfigured, json("{}"), out))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage("Secrets Manager secret 'prod/stripe-missing' was not found");
      assertThat(out.logLine("Reconciliation failed before it started: "
          + "Secrets Manager secret 'prod/stripe-missing' was not found").path("level").asText()).isEqualTo("ERROR");
      assertThat(out.emfDocuments()).singleElement()
          .satisfies(emf -> assertThat(emf.path("RunFailed").asDouble()).isEqualTo(1));
    }
    assertThat(requests).isEmpty();

    secretsManager.put("prod/stripe-missing", STRIPE_KEY);
    try (CapturedOutput out = CapturedOutput.start()) {
      assertThat(invoke(misconfigured, json("{}"), out).path("status").asText()).isEqualTo("succeeded");
    }
  }
}
