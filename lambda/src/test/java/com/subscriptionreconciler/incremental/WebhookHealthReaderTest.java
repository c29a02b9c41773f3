package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.emulator.Event;
import com.subscriptionreconciler.report.RunReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookHealthReaderTest {
  private static final long DAY = 86_400;

  private EmulatedStripe stripe;

  @BeforeEach
  void start() {
    stripe = new EmulatedStripe();
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  @Test
  void countsUndeliveredEventsOfTheLastSevenDaysByType() throws Exception {
    long now = stripe.account().now();
    stripe.account().setNow(now - 8 * DAY);
    String customer = stripe.customer("a@example.com");
    String subscription = stripe.subscription(customer);
    markAllUndelivered(); // 8 days old: outside the window
    stripe.account().setNow(now - 3 * DAY);
    stripe.account().changePrice(subscription, stripe.pro);
    stripe.account().updateSubscriptionMetadata(subscription, Map.of("n", "1"));
    stripe.account().updateCustomerMetadata(customer, Map.of("n", "1"));
    stripe.account().setNow(now - DAY);
    stripe.account().changeQuantity(subscription, 3); // delivered
    Event delivered = stripe.account().events().get(0);
    markAllUndelivered();
    stripe.account().markDelivered(delivered.id());
    stripe.account().setNow(now);

    WebhookHealthReading reading = new WebhookHealthReader(stripe.client).read(stripe.now());

    assertThat(reading.health())
        .isEqualTo(
            new RunReport.WebhookHealth(
                3, Map.of("customer.subscription.updated", 2L, "customer.updated", 1L)));
    assertThat(reading.capped()).isFalse();
    assertThat(reading.warning()).isEmpty();
  }

  @Test
  void aHealthyEndpointReadsAsZero() throws Exception {
    stripe.subscription(stripe.customer("a@example.com"));
    stripe.account().advanceSeconds(DAY);

    WebhookHealthReading reading = new WebhookHealthReader(stripe.client).read(stripe.now());

    assertThat(reading.health()).isEqualTo(new RunReport.WebhookHealth(0, Map.of()));
  }

  @Test
  void eventsStillInTheirFirstDeliveryAttemptAreNotCounted() throws Exception {
    stripe.subscription(stripe.customer("a@example.com"));
    stripe.account().advanceSeconds(60);
    stripe.customer("b@example.com");
    markAllUndelivered();
    stripe.account().advanceSeconds(WebhookHealthReader.DEFAULT_SETTLE.toSeconds() - 30);

    WebhookHealthReading reading = new WebhookHealthReader(stripe.client).read(stripe.now());

    // customer.created and customer.subscription.created of the first minute are overdue; the last one is not.
    assertThat(reading.health().undeliveredEvents()).isEqualTo(2);
    assertThat(reading.health().undeliveredByType())
        .isEqualTo(Map.of("customer.created", 1L, "customer.subscription.created", 1L));
  }

  /** A subscription created and then updated 250 times: three pages of events, none delivered, a day old. */
  private void threePagesOfUndeliveredEventsADayOld() {
    String subscription = stripe.subscription(stripe.customer("a@example.com"));
    for (int i = 0; i < 250; i++) {
      stripe.account().updateSubscriptionMetadata(subscription, Map.of("n", Integer.toString(i)));
    }
    markAllUndelivered();
    stripe.account().advanceSeconds(DAY);
    stripe.emulator.resetCounters();
  }

  @Test
  void stopsCountingAtThePageCapAndSaysTheCountIsALowerBound() throws Exception {
    threePagesOfUndeliveredEventsADayOld();

    WebhookHealthReading reading = new WebhookHealthReader(stripe.client, 2, Duration.ZERO).read(stripe.now());

    assertThat(stripe.eventListRequests()).isEqualTo(2);
    assertThat(reading.capped()).isTrue();
    assertThat(reading.health().undeliveredEvents()).isEqualTo(200);
    assertThat(reading.warning())
        .hasValueSatisfying(w -> assertThat(w).contains("at least 200 events").contains("2 pages"));
  }

  @Test
  void readsEveryPageBelowTheCap() throws Exception {
    threePagesOfUndeliveredEventsADayOld();

    WebhookHealthReading reading = new WebhookHealthReader(stripe.client).read(stripe.now());

    assertThat(stripe.eventListRequests()).isEqualTo(3);
    assertThat(reading.capped()).isFalse();
    assertThat(reading.health().undeliveredEvents()).isEqualTo(252);
    assertThat(reading.health().undeliveredByType())
        .containsEntry("customer.subscription.updated", 250L)
        .containsEntry("customer.created", 1L)
        .containsEntry("customer.subscription.created", 1L);
  }

  private void markAllUndelivered() {
    List<Event> events = stripe.account().events();
    for (Event e : events) {
      stripe.account().markUndelivered(e.id(), 1);
    }
  }
}
