package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.Reports;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reconciler function invoked by the SQS event source mapping: the SQS branch of the stream handler, with the
 * recording engine so the request it builds and the batch response it returns are pinned exactly.
 */
class SqsInvocationTest extends HandlerTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode batch() throws IOException {
    try (InputStream in = SqsInvocationTest.class.getResourceAsStream("/realtime/sqs-batch.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  private static ObjectNode withRecord(ObjectNode batch, String messageId, String body) {
    ArrayNode records = (ArrayNode) batch.get("Records");
    ObjectNode copy = records.get(0).deepCopy();
    copy.put("messageId", messageId).put("body", body);
    records.add(copy);
    return batch;
  }

  @Test
  void aBatchBecomesOneEventRunAndOnlyThePoisonMessageIsReportedAsFailed() throws IOException {
    ObjectNode payload = withRecord(batch(), "poison-1", "definitely not an event");
    withRecord(payload, "dup-1", payload.get("Records").get(0).get("body").asText());

    JsonNode response;
    List<JsonNode> emf;
    try (CapturedOutput out = CapturedOutput.start()) {
      response = invoke(handler, json(payload.toString()), out);
      emf = new ArrayList<>(out.emfDocuments());
    }

    assertThat(requests).hasSize(1);
    RunRequest request = requests.get(0);
    assertThat(request.trigger()).isEqualTo(Trigger.EVENT);
    assertThat(request.subscriptionIds()).containsExactly("sub_1SxQpQLkdIwHu7ixUqPm3Gk2");
    assertThat(request.dryRun()).isFalse();
    assertThat(response.toString()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"poison-1\"}]}");
    JsonNode metrics = emf.stream().filter(d -> d.has("EventsReceived")).findFirst().orElseThrow();
    assertThat(metrics.path("EventsReceived").asInt()).isEqualTo(3);
    assertThat(metrics.path("EventsApplied").asInt()).isEqualTo(2);
    assertThat(metrics.path("EventsFailed").asInt()).isEqualTo(1);
    assertThat(metrics.has("EventLagMs")).isTrue();
    // a busy event stream must not satisfy the "no successful run in 8 days" alarm, nor trip the drift alarm
    assertThat(emf).noneMatch(d -> d.has("RunSucceeded") || d.has("DriftDetected"));
  }

  @Test
  void aFailedRunReturnsTheWholeBatchForRetry() throws IOException {
    outcome = request -> Reports.report(request, "r-20261130T120000Z-abcdef", "failed", 0);

    JsonNode response = invoke(batch().toString());

    assertThat(response.toString())
        .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"059f36b4-87a3-44ab-83d2-661975830a7d\"}]}");
  }

  @Test
  void anOrdinaryPayloadWithRecordsFromAnotherSourceIsStillValidatedAsARunPayload() {
    String s3 = "{\"Records\":[{\"eventSource\":\"aws:s3\"}]}";

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> invoke(s3))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("Records");
    assertThat(requests).isEmpty();
  }
}
