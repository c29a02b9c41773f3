package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.run.NotResumableException;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.Reports;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code resumeRunId} payload field and the handler's side of resumable runs. */
class ResumePayloadTest extends HandlerTestSupport {
  static final String RUN_ID = "r-20261126T030000Z-3fa85c";

  @Test
  void resumeRunIdContinuesThatRunWithTheStateMachinesTrigger() throws IOException {
    invoke("{\"mode\":\"full\",\"trigger\":\"schedule\",\"resumeRunId\":\"" + RUN_ID + "\"}");
    invoke("{\"resumeRunId\":\"" + RUN_ID + "\"}");

    assertThat(requests).containsExactly(RunRequest.resume(Trigger.SCHEDULE, RUN_ID),
        RunRequest.resume(Trigger.MANUAL, RUN_ID));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"resumeRunId\":7}                                            | field 'resumeRunId' must be a string",
      "{\"resumeRunId\":\"r-1\"}                                      | resumeRunId must be a run id like",
      "{\"resumeRunId\":\"R-20261126T030000Z-3FA85C\"}                | resumeRunId must be a run id like",
      "{\"resumeRunId\":\"r-20261126T030000Z-3fa85c'--\"}             | resumeRunId must be a run id like",
      "{\"mode\":\"incremental\",\"resumeRunId\":\"" + RUN_ID + "\"}  | resumeRunId continues a full run",
      "{\"customerIds\":[\"cus_1\"],\"resumeRunId\":\"" + RUN_ID + "\"} | resumeRunId cannot be combined with organizationIds",
      "{\"dryRun\":false,\"resumeRunId\":\"" + RUN_ID + "\"}          | resumeRunId cannot be combined with dryRun or force",
      "{\"force\":true,\"resumeRunId\":\"" + RUN_ID + "\"}            | resumeRunId cannot be combined with dryRun or force",
  })
  void anInvalidResumeRunIdIsRejectedAndNothingIsTouched(String payload, String message) {
    try (CapturedOutput out = CapturedOutput.start()) {
      Throwable thrown = catchThrowable(() -> invoke(handler, json(payload), out));
      assertThat(thrown).isInstanceOf(InvalidPayloadException.class).hasMessageStartingWith(message);
    }
    assertThat(requests).isEmpty();
    assertThat(configs).isEmpty();
  }

  @Test
  void aRunIdNamingNoWaitingRunFailsTheInvocationWithTheEnginesReason() {
    outcome = request -> {
      throw new NotResumableException("cannot resume run " + RUN_ID + ": it already finished (status succeeded)");
    };
    try (CapturedOutput out = CapturedOutput.start()) {
      Throwable thrown =
          catchThrowable(() -> invoke(handler, json("{\"resumeRunId\":\"" + RUN_ID + "\"}"), out));

      assertThat(thrown).isInstanceOf(InvalidPayloadException.class)
          .hasMessage("cannot resume run " + RUN_ID + ": it already finished (status succeeded)");
      assertThat(out.emfDocuments()).as("nothing ran: no run metrics").isEmpty();
    }
  }

  @Test
  void aPausedRunIsReturnedWithItsResumeIdAndCountsNoRunMetricsUntilItEnds() throws IOException {
    outcome = request -> paused(Reports.succeeded(request));
    try (CapturedOutput out = CapturedOutput.start()) {
      JsonNode response = invoke(handler, json("{\"mode\":\"full\",\"trigger\":\"schedule\"}"), out);

      assertThat(response.path("status").asText()).isEqualTo("running");
      assertThat(response.path("resumeRunId").asText()).isEqualTo("run_test_1");
      // only the pause itself, which keeps the duration alarm quiet; no run counts until the run ends
      assertThat(out.emfDocuments()).hasSize(1);
      assertThat(out.emfDocuments().get(0).path("InvocationPaused").asDouble()).isEqualTo(1);
      assertThat(out.emfDocuments().get(0).has("RunSucceeded")).isFalse();
    }
  }

  private static RunReport paused(RunReport r) {
    return new RunReport(r.runId(), r.trigger(), r.mode(), r.dryRun(), RunStatus.RUNNING, r.startedAt(), r.finishedAt(),
        r.durationMs(), r.totalOrganizations(), r.totalSubscriptions(), r.synchronized_(), r.created(), r.archived(),
        r.skipped(), r.unlinked(), r.errors(), r.driftByField(), r.stripeRequests(), r.warnings(), r.details(),
        null, null, null, null, r.runId(), null, List.of());
  }
}
