package com.subscriptionreconciler.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two message shapes on the queue, read from fixtures whose envelopes aws-lambda-java-events also reads. */
class QueueMessagesTest {

  @Test
  void anEventBridgeSnapshotEventNamesItsSubscription() {
    // the envelope is a genuine EventBridge event: Lambda's own event class reads its fields
    ScheduledEvent envelope = EventLoader.loadScheduledEvent("realtime/eventbridge-snapshot.json");
    assertThat(envelope.getSource()).startsWith("aws.partner/stripe.com/");
    assertThat(envelope.getDetailType()).isEqualTo("customer.subscription.deleted");

    EventReference event = QueueMessages.read(Fixtures.text("eventbridge-snapshot.json"));

    assertThat(event).isEqualTo(new EventReference("evt_1SxQr8LkdIwHu7ixq0dXcM4B", "customer.subscription.deleted",
        1764502400L, true, List.of("sub_1SxQpQLkdIwHu7ixUqPm3Gk2"), List.of()));
  }

  @Test
  void aThinEventNamesItsRelatedObjectAndItsIsoTime() {
    assertThat(EventLoader.loadScheduledEvent("realtime/eventbridge-thin.json").getDetail()).containsKey("related_object");

    EventReference event = QueueMessages.read(Fixtures.text("eventbridge-thin.json"));

    assertThat(event.eventId()).isEqualTo("evt_test_65SxQtVwXm8kP2rJ4nT7yE1aB3cD5fG");
    assertThat(event.created()).isEqualTo(java.time.Instant.parse("2026-11-30T11:40:00Z").getEpochSecond());
    assertThat(event.livemode()).isTrue();
    assertThat(event.subscriptionIds()).containsExactly("sub_1SxQpQLkdIwHu7ixUqPm3Gk2");
    assertThat(event.customerIds()).isEmpty();
  }

  @Test
  void aCheckoutSessionNamesTheSubscriptionItCreated() {
    EventReference event = QueueMessages.read(Fixtures.text("eventbridge-checkout-completed.json"));

    assertThat(event.subscriptionIds()).containsExactly("sub_1SxQpQLkdIwHu7ixUqPm3Gk2");
    assertThat(event.customerIds()).isEmpty();
  }

  @Test
  void theReceiversCompactMessageRoundTripsAndIsWhatTheSqsFixtureCarries() {
    SQSEvent batch = EventLoader.loadSQSEvent("realtime/sqs-batch.json");
    SQSEvent.SQSMessage record = batch.getRecords().get(0);
    assertThat(record.getEventSource()).isEqualTo("aws:sqs");

    EventReference event = QueueMessages.read(record.getBody());

    assertThat(event).isEqualTo(new EventReference("evt_1SxQpRLkdIwHu7ixA9vS0c1d", "customer.subscription.updated",
        1764500000L, false, List.of("sub_1SxQpQLkdIwHu7ixUqPm3Gk2"), List.of("cus_TtRqD2a6fJ0yXk")));
    assertThat(QueueMessages.read(QueueMessages.write(event))).isEqualTo(event);
  }

  @Test
  void aCustomerEventNamesTheCustomer() {
    String deleted = "{\"id\":\"evt_2\",\"object\":\"event\",\"type\":\"customer.deleted\",\"created\":2,"
        + "\"livemode\":false,\"data\":{\"object\":{\"id\":\"cus_gone\",\"object\":\"customer\"}}}";

    EventReference event = QueueMessages.read(wrap(deleted));

    assertThat(event.customerIds()).containsExactly("cus_gone");
    assertThat(event.subscriptionIds()).isEmpty();
  }

  @Test
  void aCheckoutForACustomerRepresentedAsAnAccountNamesBothIdsAndTheySurviveTheQueue() {
    String completed = "{\"id\":\"evt_3\",\"object\":\"event\",\"type\":\"checkout.session.completed\","
        + "\"created\":3,\"livemode\":false,\"data\":{\"object\":{\"id\":\"cs_1\",\"object\":\"checkout.session\","
        + "\"customer\":\"cus_1\",\"customer_account\":\"acct_1\",\"subscription\":null}}}";

    EventReference event = QueueMessages.read(wrap(completed));

    assertThat(event.customerIds()).containsExactly("cus_1", "acct_1");
    assertThat(QueueMessages.read(QueueMessages.write(event))).isEqualTo(event);
  }

  @Test
  void unhandledTypesNameNothing() {
    String invoice = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1,\"livemode\":false,"
        + "\"data\":{\"object\":{\"id\":\"in_1\",\"object\":\"invoice\",\"customer\":\"cus_1\",\"subscription\":\"sub_1\"}}}";

    EventReference event = QueueMessages.read(wrap(invoice));

    assertThat(event.namesNothing()).isTrue();
    assertThat(event.type()).isEqualTo("invoice.paid");
  }

  @Test
  void poisonMessagesAreRefusedWithAClearReason() {
    assertThatThrownBy(() -> QueueMessages.read("not json")).isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> QueueMessages.read("{\"hello\":1}")).isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("neither");
    assertThatThrownBy(() -> QueueMessages.read(Fixtures.text("eventbridge-snapshot.json")
        .replace("aws.partner/stripe.com", "aws.partner/evil.example"))).isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("unexpected source");
    assertThatThrownBy(() -> QueueMessages.read("{\"stripeEvent\":\"evt_1\",\"type\":\"customer.updated\","
        + "\"created\":1,\"subscriptionIds\":[\"cus_wrong\"],\"customerIds\":[]}"))
        .isInstanceOf(MalformedEventException.class);
  }

  @Test
  void eventBridgeSourcesMatchWholeNeverByPrefix() {
    String snapshot = Fixtures.text("eventbridge-snapshot.json");
    String source = "aws.partner/stripe.com/ed_61SxQpQLkdIwHu7ixSGXLRXkSHZxk2";
    for (String forged : List.of("aws.partner/stripe.com.evil", "aws.partner/stripe.com", "aws.partner/stripe.com/",
        "aws.partner/stripe.com/ed_1/extra", "aws.partner/stripe.comx/ed_1")) {
      assertThatThrownBy(() -> QueueMessages.read(snapshot.replace(source, forged)))
          .as(forged).isInstanceOf(MalformedEventException.class).hasMessageContaining("unexpected source");
    }
    assertThat(QueueMessages.read(snapshot).eventId()).isEqualTo("evt_1SxQr8LkdIwHu7ixq0dXcM4B");

    // with the stack's source configured, only that one
    StripeEventSources configured = StripeEventSources.fromEnvironment(
        com.subscriptionreconciler.config.Environment.of(java.util.Map.of("STRIPE_EVENT_SOURCE_NAME", source)));
    assertThat(QueueMessages.read(snapshot, configured).eventId()).isEqualTo("evt_1SxQr8LkdIwHu7ixq0dXcM4B");
    assertThatThrownBy(() -> QueueMessages.read(snapshot.replace(source, "aws.partner/stripe.com/ed_other"),
        configured)).isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("(expected '" + source + "')");
  }

  @Test
  void aConnectedAccountsEventKeepsItsAccountThroughTheCompactMessage() {
    String snapshot = Fixtures.text("eventbridge-snapshot.json")
        .replace("\"object\": \"event\",", "\"object\": \"event\", \"account\": \"acct_1Conn\",");
    EventReference event = QueueMessages.read(snapshot);
    assertThat(event.account()).isEqualTo("acct_1Conn");
    assertThat(QueueMessages.read(QueueMessages.write(event))).isEqualTo(event);

    String thin = Fixtures.text("eventbridge-thin.json").replace("\"context\": null", "\"context\": \"acct_1Thin\"");
    assertThat(QueueMessages.read(thin).account()).isEqualTo("acct_1Thin");
    assertThat(QueueMessages.read(Fixtures.text("eventbridge-thin.json")).account()).isNull();
  }

  @Test
  void compactMessagesHoldOnlyStripeShapedIds() {
    assertThatThrownBy(() -> QueueMessages.read("{\"stripeEvent\":\"evt_1\",\"type\":\"customer.updated\","
        + "\"created\":1,\"subscriptionIds\":[\"sub_x y\"],\"customerIds\":[]}"))
        .isInstanceOf(MalformedEventException.class).hasMessageContaining("sub_ followed by letters and digits");
    assertThat(QueueMessages.read("{\"stripeEvent\":\"evt_1\",\"type\":\"customer.updated\","
        + "\"created\":1,\"subscriptionIds\":[],\"customerIds\":[\"acct_1Acting\"]}").customerIds())
        .containsExactly("acct_1Acting");
  }

  private static String wrap(String detail) {
    return "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"invoice.paid\",\"source\":\"aws.partner/stripe.com/ed_1\","
        + "\"account\":\"1\",\"time\":\"2026-11-30T00:00:00Z\",\"region\":\"eu-west-1\",\"resources\":[],\"detail\":"
        + detail + "}";
  }
}
