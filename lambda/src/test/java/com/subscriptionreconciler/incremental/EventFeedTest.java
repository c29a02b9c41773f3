package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.Event;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventFeedTest {
  private EmulatedStripe stripe;
  private EventFeed feed;

  @BeforeEach
  void start() {
    stripe = new EmulatedStripe();
    feed = new EventFeed(stripe.client);
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  @Test
  void namesExactlyTheObjectsMutatedSinceTheCheckpoint() throws Exception {
    String c1 = stripe.customer("a@example.com");
    String c2 = stripe.customer("b@example.com");
    String c3 = stripe.customer("c@example.com");
    String c4 = stripe.customer("d@example.com");
    String c5 = stripe.customer("e@example.com");
    String s1 = stripe.subscription(c1);
    String s2 = stripe.subscription(c2);
    String s3 = stripe.subscription(c3);
    String s5 = stripe.subscription(c5);
    stripe.subscription(c4); // untouched after the checkpoint
    stripe.account().advanceSeconds(60);
    Checkpoint since = Checkpoint.at(stripe.now());
    stripe.account().advanceSeconds(1);

    stripe.account().changePrice(s1, stripe.pro);
    stripe.account().cancelNow(s2);
    stripe.account().deleteCustomer(c3);
    String s6 = stripe.subscription(c4);
    stripe.account().updateSubscriptionMetadata(s5, Map.of("source", "sales"));
    stripe.account().advanceSeconds(5);
    stripe.account().updateSubscriptionMetadata(s5, Map.of("source", "web"));

    ChangedObjects changed = feed.readSince(since);

    assertThat(changed.subscriptionIds()).containsExactlyInAnyOrder(s1, s2, s3, s5, s6);
    assertThat(changed.customerIds()).containsExactlyInAnyOrder(c1, c2, c3, c4, c5);
    assertThat(changed.deletedCustomerIds()).containsExactly(c3);
    // changePrice, cancelNow, deleteCustomer (one subscription.deleted + customer.deleted), created, 2 updates
    assertThat(changed.eventCount()).isEqualTo(7);
    Event newest = stripe.account().events().get(0);
    assertThat(changed.newestEventId()).isEqualTo(newest.id());
    assertThat(changed.newestEventCreated().getEpochSecond()).isEqualTo(newest.created());
    assertThat(stripe.emulator.writeAttempts()).isZero();
  }

  @Test
  void customerCreationAndMetadataChangesNameTheCustomer() throws Exception {
    Checkpoint since = Checkpoint.at(stripe.now());
    String created = stripe.customer("new@example.com");
    String updated = stripe.customer("old@example.com");
    stripe.account().updateCustomerMetadata(updated, Map.of("organization_id", "7"));

    ChangedObjects changed = feed.readSince(since);

    assertThat(changed.customerIds()).containsExactlyInAnyOrder(created, updated);
    assertThat(changed.subscriptionIds()).isEmpty();
    assertThat(changed.deletedCustomerIds()).isEmpty();
  }

  @Test
  void repeatedChangesToOneSubscriptionNameItOnce() throws Exception {
    String customer = stripe.customer("a@example.com");
    String subscription = stripe.subscription(customer);
    Checkpoint since = Checkpoint.at(stripe.now().plusSeconds(1));
    for (int i = 0; i < 5; i++) {
      stripe.account().advanceSeconds(1);
      stripe.account().changeQuantity(subscription, i + 2);
      stripe.account().cancelAtPeriodEnd(subscription);
      stripe.account().renew(subscription);
    }

    ChangedObjects changed = feed.readSince(since);

    assertThat(changed.subscriptionIds()).containsExactly(subscription);
    assertThat(changed.customerIds()).containsExactly(customer);
    assertThat(changed.eventCount()).isEqualTo(15);
  }

  @Test
  void eventsBeforeTheCheckpointAreLeftOut() throws Exception {
    String before = stripe.subscription(stripe.customer("before@example.com"));
    stripe.account().advanceSeconds(1);
    stripe.account().updateSubscriptionMetadata(before, Map.of("n", "1"));
    stripe.account().advanceSeconds(1);
    Checkpoint since = Checkpoint.at(stripe.now());
    String after = stripe.subscription(stripe.customer("after@example.com"));

    ChangedObjects changed = feed.readSince(since);

    assertThat(changed.subscriptionIds()).containsExactly(after);
  }

  @Test
  void sameSecondEventsAreReadAgainExceptTheCheckpointsOwnEvent() throws Exception {
    String c1 = stripe.customer("a@example.com");
    String c2 = stripe.customer("b@example.com");
    String c3 = stripe.customer("c@example.com");
    String s1 = stripe.subscription(c1);
    String s2 = stripe.subscription(c2);
    String s3 = stripe.subscription(c3);
    stripe.account().advanceSeconds(10);
    Checkpoint start = Checkpoint.at(stripe.now());
    stripe.account().changePrice(s1, stripe.pro);
    stripe.account().changePrice(s2, stripe.pro);
    ChangedObjects first = feed.readSince(start);
    Checkpoint checkpoint = first.newestEvent().orElseThrow();
    String alreadyRead = checkpoint.lastEventId();
    String readBefore = subscriptionOf(alreadyRead).equals(s1) ? s2 : s1;

    // Same second as the checkpoint: Stripe can list it on either side of the checkpoint's event.
    stripe.account().changePrice(s3, stripe.pro);
    ChangedObjects second = feed.readSince(checkpoint);

    assertThat(first.eventCount()).isEqualTo(2);
    assertThat(second.subscriptionIds()).containsExactlyInAnyOrder(readBefore, s3);
    assertThat(second.eventCount()).isEqualTo(2);
    assertThat(second.newestEventCreated()).isEqualTo(checkpoint.lastEventCreated());
  }

  @Test
  void nothingSinceTheCheckpointReadsAsNone() throws Exception {
    stripe.subscription(stripe.customer("a@example.com"));
    stripe.account().advanceSeconds(1);

    ChangedObjects changed = feed.readSince(Checkpoint.at(stripe.now()));

    assertThat(changed).isEqualTo(ChangedObjects.NONE);
    assertThat(changed.newestEvent()).isEmpty();
    assertThat(stripe.eventListRequests()).isEqualTo(1);
  }

  @Test
  void costsOneRequestPerHundredEventsWhateverTheAccountSize() throws Exception {
    AccountGenerator.generate(stripe.account(), 3_000, 7);
    List<String> subscriptions = stripe.account().subscriptions().limit(50).map(s -> s.id()).toList();
    // Events before the checkpoint do not count either.
    for (int i = 0; i < 300; i++) {
      stripe.account().updateSubscriptionMetadata(subscriptions.get(i % 50), Map.of("before", Integer.toString(i)));
    }
    stripe.account().advanceSeconds(1);
    Checkpoint since = Checkpoint.at(stripe.now());
    for (int i = 0; i < 250; i++) {
      stripe.account().updateSubscriptionMetadata(subscriptions.get(i % 50), Map.of("n", Integer.toString(i)));
    }
    stripe.emulator.resetCounters();

    ChangedObjects changed = feed.readSince(since);

    assertThat(stripe.account().subscriptionCount()).isGreaterThanOrEqualTo(3_000);
    assertThat(changed.eventCount()).isEqualTo(250);
    assertThat(changed.subscriptionIds()).hasSize(50);
    assertThat(stripe.eventListRequests()).isEqualTo(3);
    assertThat(stripe.emulator.totalRequests()).isEqualTo(3);
  }

  @Test
  void typesBeyondOneRequestsLimitAreReadInGroupsAndMerged() throws Exception {
    // Groups of 8: the subscription types, then the customer types; 3 pages + 2 pages.
    EventFeed grouped = new EventFeed(stripe.client, EventTypes.RELEVANT, 8);
    String customer = stripe.customer("a@example.com");
    String subscription = stripe.subscription(customer);
    stripe.account().advanceSeconds(1);
    Checkpoint since = Checkpoint.at(stripe.now());
    for (int i = 0; i < 250; i++) {
      stripe.account().updateSubscriptionMetadata(subscription, Map.of("n", Integer.toString(i)));
    }
    for (int i = 0; i < 150; i++) {
      stripe.account().updateCustomerMetadata(customer, Map.of("n", Integer.toString(i)));
    }
    stripe.account().advanceSeconds(1);
    String last = stripe.customer("last@example.com");
    stripe.emulator.resetCounters();

    ChangedObjects changed = grouped.readSince(since);

    assertThat(changed.eventCount()).isEqualTo(401);
    assertThat(changed.subscriptionIds()).containsExactly(subscription);
    assertThat(changed.customerIds()).containsExactlyInAnyOrder(customer, last);
    assertThat(changed.newestEventId()).isEqualTo(stripe.account().events().get(0).id());
    assertThat(stripe.eventListRequests()).isEqualTo(3 + 2);
  }

  @Test
  void theRelevantTypesFitOneRequest() {
    assertThat(EventTypes.groups(EventTypes.RELEVANT, EventTypes.MAX_TYPES_PER_REQUEST)).hasSize(1);
    assertThat(EventTypes.RELEVANT)
        .contains(
            "customer.subscription.created",
            "customer.subscription.updated",
            "customer.subscription.deleted",
            "customer.subscription.paused",
            "customer.subscription.resumed",
            "customer.subscription.trial_will_end",
            "customer.created",
            "customer.updated",
            "customer.deleted")
        .doesNotHaveDuplicates();
    assertThat(Set.copyOf(EventTypes.groups(List.of("a", "b", "c", "d", "e"), 2)))
        .containsExactlyInAnyOrder(List.of("a", "b"), List.of("c", "d"), List.of("e"));
  }

  private String subscriptionOf(String eventId) {
    return stripe.account().events().stream()
        .filter(e -> e.id().equals(eventId))
        .map(e -> readTree(e.objectJson()).get("id").asText())
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode readTree(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
