package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe's event list is eventually consistent: an event can become visible after newer ones. The emulator holds
 * one event back; the cursor an incremental run stores must still let the next run read it.
 */
class LateEventCheckpointTest {
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
  void anEventVisibleOnlyAfterANewerOneIsReadByTheNextIncrementalRun() throws Exception {
    String early = stripe.subscription(stripe.customer("early@example.com"));
    String later = stripe.subscription(stripe.customer("later@example.com"));
    stripe.account().advanceSeconds(600);
    Checkpoint since = Checkpoint.at(stripe.now());
    stripe.account().advanceSeconds(1);

    stripe.account().updateSubscriptionMetadata(early, Map.of("source", "sales"));
    String lateEvent = stripe.account().events("customer.subscription.updated").get(0).id();
    stripe.account().setEventVisibilityDelay(lateEvent, Duration.ofSeconds(120));
    stripe.account().advanceSeconds(10);
    stripe.account().updateSubscriptionMetadata(later, Map.of("source", "web"));
    stripe.account().advanceSeconds(60);

    Instant listingStarted = stripe.now();
    ChangedObjects first = feed.readSince(since);
    Checkpoint next = NextCheckpoint.afterIncrementalRun(since, first, listingStarted);
    stripe.account().advanceSeconds(120); // the late event is visible now
    ChangedObjects second = feed.readSince(next);

    assertThat(first.subscriptionIds()).as("the first run sees only the newer change").containsExactly(later);
    assertThat(first.newestEvent()).as("a newer event was read").isPresent();
    assertThat(next)
        .as("not moved to the newer event: the listing start minus the margin is still before the cursor")
        .isEqualTo(since);
    assertThat(second.subscriptionIds()).as("the next run reads the late event").contains(early);
  }
}
