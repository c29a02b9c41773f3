package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.SeededSubscription;
import com.subscriptionreconciler.emulator.StripeEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The end of a walk must reach the consumer after every page. A worker that finished its range but was
 * descheduled before queueing the last page (a loaded machine) once let another worker, finishing the other
 * range, queue the end first: the consumer stopped and the run silently missed that page.
 */
class PartitionedListerEndOrderTest {
  private static final int SUBSCRIPTIONS = 150;

  private StripeEmulator emulator;
  private StripeClients.PacedStripeClient stripe;
  private List<String> expectedIds;

  @BeforeEach
  void setUp() {
    emulator = StripeEmulator.start(EmulatorOptions.defaults());
    AccountGenerator.generate(emulator.account(), SUBSCRIPTIONS, 5);
    expectedIds = AccountGenerator.describe(emulator.account()).map(SeededSubscription::subscriptionId).toList();
    stripe = StripeClients.create(new StripeSettings(emulator.baseUrl(), Secret.of(emulator.apiKey()), 400, 0));
  }

  @AfterEach
  void tearDown() {
    emulator.close();
  }

  @Test
  void aWorkerDelayedBeforeQueueingItsLastPageStillHasThatPageConsumed() throws Exception {
    StripeAccountReader reader = StripeAccountReader.open(stripe.client());
    SubscriptionPage newest = reader.listSubscriptions(CreatedRange.ALL, null);
    long boundary = newest.subscriptions().get(newest.subscriptions().size() / 2).created().getEpochSecond();
    PartitionedLister.Span older = new PartitionedLister.Span(PartitionedLister.EARLIEST.getEpochSecond(), boundary);
    PartitionedLister.Span newer = new PartitionedLister.Span(boundary, Long.MAX_VALUE);
    CountDownLatch newerHandedOver = new CountDownLatch(1);
    PartitionedLister lister = new PartitionedLister(reader, 2).probedBy(new PartitionedLister.ListingProbe() {
      @Override
      public void beforeLastPageHanded(PartitionedLister.Span range) throws InterruptedException {
        if (range.equals(older)) {
          // hold the older range's last page until the other worker has done all it does on finishing
          assertThat(newerHandedOver.await(30, TimeUnit.SECONDS)).as("the newer range finished").isTrue();
        }
      }

      @Override
      public void afterLastPageHanded(PartitionedLister.Span range) {
        if (range.equals(newer)) {
          newerHandedOver.countDown();
        }
      }
    });
    List<String> listed = new ArrayList<>();

    PartitionedLister.Outcome outcome =
        lister.list(List.of(newer, older), () -> false, page -> page.subscriptions().forEach(s -> listed.add(s.id())));

    assertThat(outcome.finished()).isTrue();
    assertThat(listed).hasSize(SUBSCRIPTIONS).containsExactlyInAnyOrderElementsOf(expectedIds);
  }
}
