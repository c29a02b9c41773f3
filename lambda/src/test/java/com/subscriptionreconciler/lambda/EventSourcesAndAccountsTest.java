package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.realtime.Fixtures;
import com.subscriptionreconciler.testing.CapturedOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reconciler function's SQS branch with EventBridge events as the rule delivers them inside SQS records: a
 * forged source is a poison message, and a connected account's event is acknowledged, counted and never run.
 */
class EventSourcesAndAccountsTest extends HandlerTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE = "aws.partner/stripe.com/ed_61SxQpQLkdIwHu7ixSGXLRXkSHZxk2";

  private static String sqsBatch(String... bodies) throws IOException {
    ObjectNode batch = (ObjectNode) JSON.readTree(Fixtures.text("sqs-batch.json"));
    ObjectNode template = (ObjectNode) batch.get("Records").get(0);
    var records = batch.putArray("Records");
    for (int i = 0; i < bodies.length; i++) {
      records.add(template.deepCopy().put("messageId", "m-" + i).put("body", bodies[i]));
    }
    return batch.toString();
  }

  private static String eventBridge(String source, String account) throws IOException {
    ObjectNode event = (ObjectNode) JSON.readTree(Fixtures.text("eventbridge-snapshot.json"));
    event.put("source", source);
    // the handler's key is a test key: a test-mode event, so only the source and account decide
    ((ObjectNode) event.get("detail")).put("livemode", false);
    if (account != null) {
      ((ObjectNode) event.get("detail")).put("account", account);
    }
    return event.toString();
  }

  @Test
  void aForgedSourceIsAPoisonMessageWhileTheRealSourceRuns() throws IOException {
    JsonNode response = invoke(sqsBatch(eventBridge("aws.partner/stripe.com.evil", null),
        eventBridge(SOURCE, null)));

    assertThat(response.toString()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-0\"}]}");
    assertThat(requests).singleElement()
        .satisfies(r -> assertThat(r.subscriptionIds()).containsExactly("sub_1SxQpQLkdIwHu7ixUqPm3Gk2"));
  }

  @Test
  void withTheSourceConfiguredAnotherStripeSourceIsRefused() throws IOException {
    Map<String, String> env = environment();
    env.put("STRIPE_EVENT_SOURCE_NAME", SOURCE);
    ReconcilerHandler configured = handler(env);

    JsonNode response;
    try (CapturedOutput out = CapturedOutput.start()) {
      response = invoke(configured, json(sqsBatch(eventBridge("aws.partner/stripe.com/ed_someoneElse", null),
          eventBridge(SOURCE, null))), out);
    }

    assertThat(response.toString()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-0\"}]}");
    assertThat(requests).hasSize(1);
  }

  @Test
  void aConnectedAccountsEventIsAcknowledgedCountedLoggedAndNeverRun() throws IOException {
    JsonNode response;
    List<JsonNode> emf;
    List<JsonNode> logs;
    try (CapturedOutput out = CapturedOutput.start()) {
      response = invoke(handler, json(sqsBatch(eventBridge(SOURCE, "acct_1ConnectedFake"))), out);
      emf = new ArrayList<>(out.emfDocuments());
      logs = new ArrayList<>(out.logLines());
    }

    assertThat(response.toString()).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(requests).as("no run with the platform key").isEmpty();
    JsonNode metrics = emf.stream().filter(d -> d.has("EventsReceived")).findFirst().orElseThrow();
    assertThat(metrics.path("ConnectedAccountEventsSkipped").asInt()).isEqualTo(1);
    assertThat(metrics.path("EventsApplied").asInt()).isZero();
    assertThat(metrics.path("EventsFailed").asInt()).isZero();
    assertThat(logs).anySatisfy(line -> assertThat(line.path("message").asText())
        .contains("evt_1SxQr8LkdIwHu7ixq0dXcM4B", "connected account acct_1ConnectedFake"));
  }
}
