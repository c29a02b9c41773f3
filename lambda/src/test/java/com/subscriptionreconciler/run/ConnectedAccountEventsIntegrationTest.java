package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.realtime.EventBatchConsumer.BatchOutcome;
import com.subscriptionreconciler.realtime.EventBatchConsumer.QueuedMessage;
import com.subscriptionreconciler.realtime.EventBatchConsumer;
import com.subscriptionreconciler.realtime.LocalListener;
import com.subscriptionreconciler.realtime.StripeSignatures;
import com.subscriptionreconciler.realtime.WebhookVerifier;
import com.subscriptionreconciler.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe Connect: an event of a connected account ({@code "account":"acct_…"}) names objects in that account. The
 * platform's key cannot see them, so reconciling them with it would read {@code resource_missing} and archive the
 * platform's row with the same id. Here the subscription exists as a platform row but not in the platform's Stripe
 * account — exactly the case that archived it — and both ways in (a signed webhook through {@code listen}'s
 * receiver, an EventBridge event through the consumer) must leave it untouched.
 */
@EngineTest
class ConnectedAccountEventsIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "whsec_test_ConnectSecret_7a1b2c3d4e5f";
  private static final String CONNECTED = "acct_1ConnectedFakeAcct01";

  EngineFixture f;
  TestDatabase db;
  String sub;
  Map<String, Object> before;

  @BeforeEach
  void aPlatformRowWhoseIdIsNotInThePlatformAccount(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
    sub = f.subscription(f.customerWithOrganization(1), f.proPrice, SubscriptionStatus.ACTIVE);
    assertThat(f.engine().run(EngineFixture.full()).created()).isEqualTo(1);
    f.account.changeQuantity(sub, 4);
    f.account.removeSubscription(sub);
    f.emulator.resetCounters();
    before = f.row(sub);
    assertThat(before.get("archived_at")).isNull();
  }

  /** The emulator's own rendering of the last subscription event, as the connected account would send it. */
  private ObjectNode connectedEvent() throws Exception {
    String eventId = f.account.events("customer.subscription.updated").get(0).id();
    ObjectNode event = (ObjectNode) JSON.readTree(f.account.eventJson(eventId));
    event.put("account", CONNECTED);
    return event;
  }

  private void assertUntouched() {
    assertThat(f.row(sub)).isEqualTo(before);
    assertThat(f.emulator.totalRequests()).as("the platform key read nothing").isZero();
    assertThat(db.query("SELECT id FROM reconciliation_runs WHERE `trigger` = 'event'")).isEmpty();
  }

  @Test
  void anEventBridgeEventOfAConnectedAccountIsAcknowledgedCountedAndLeavesThePlatformRowAlone() throws Exception {
    ObjectNode eventBridge = JSON.createObjectNode()
        .put("version", "0")
        .put("id", "6f1c8a52-3b0e-4c47-9c1e-2f8d7b5a9e11")
        .put("detail-type", "customer.subscription.updated")
        .put("source", "aws.partner/stripe.com/ed_61SxQpQLkdIwHu7ixSGXLRXkSHZxk2")
        .put("account", "123456789012")
        .put("time", "2026-11-30T11:33:20Z")
        .put("region", "eu-west-1");
    eventBridge.putArray("resources");
    eventBridge.set("detail", connectedEvent());

    BatchOutcome outcome = new EventBatchConsumer(f.engine(), StripeKeyMode.SANDBOX)
        .consume(List.of(new QueuedMessage("m-1", eventBridge.toString())));

    assertThat(outcome.failedMessageIds()).as("acknowledged, never retried").isEmpty();
    assertThat(outcome.connectedAccountSkipped()).isEqualTo(1);
    assertThat(outcome.applied()).isZero();
    assertThat(outcome.report()).isNull();
    assertUntouched();
  }

  @Test
  void aSignedWebhookOfAConnectedAccountIsAcceptedButNeverReconciledWithThePlatformKey() throws Exception {
    BlockingQueue<BatchOutcome> batches = new ArrayBlockingQueue<>(10);
    String body = connectedEvent().toString();
    try (LocalListener listener = LocalListener.start(0, new WebhookVerifier(List.of(Secret.of(SECRET)),
        Clock.systemUTC()), new EventBatchConsumer(f.engine(), StripeKeyMode.SANDBOX),
        new LocalListener.Batching(10, Duration.ofMillis(20)), batches::add)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.port() + "/webhook"))
              .header("Stripe-Signature", StripeSignatures.header(SECRET, Instant.now().getEpochSecond(), body))
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);

      BatchOutcome outcome = batches.poll(20, TimeUnit.SECONDS);
      assertThat(outcome).as("the event's batch").isNotNull();
      assertThat(outcome.connectedAccountSkipped()).isEqualTo(1);
      assertThat(outcome.failedMessageIds()).isEmpty();
      assertThat(listener.deadLettered()).isZero();
    }
    assertUntouched();
  }

  @Test
  void withoutTheAccountTheSameEventIsThePlatformsAndArchivesTheRowStripeNoLongerHas() throws Exception {
    ObjectNode platform = connectedEvent();
    platform.remove("account");
    String compact = com.subscriptionreconciler.realtime.QueueMessages.write(
        com.subscriptionreconciler.realtime.StripeEventReader.read(platform));

    BatchOutcome outcome = new EventBatchConsumer(f.engine(), StripeKeyMode.SANDBOX)
        .consume(List.of(new QueuedMessage("m-1", compact)));

    // the control: the event path does reach this row when the event is the platform's own
    assertThat(outcome.connectedAccountSkipped()).isZero();
    assertThat(f.row(sub).get("archived_at")).isNotNull();
  }
}
