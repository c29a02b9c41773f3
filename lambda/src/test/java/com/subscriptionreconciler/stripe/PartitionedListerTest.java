package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.SeededSubscription;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.plan.StripeSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parallel listing against the emulator with real latency, through stripe-java. */
class PartitionedListerTest {
  private static final int SUBSCRIPTIONS = 3_000;
  private static final int PARALLELISM = 12;

  private StripeEmulator emulator;
  private StripeClients.PacedStripeClient stripe;
  private List<String> expectedIds;

  @BeforeEach
  void setUp() {
    emulator = StripeEmulator.start(EmulatorOptions.defaults().withThreads(16));
    AccountGenerator.generate(emulator.account(), SUBSCRIPTIONS, 5);
    expectedIds = AccountGenerator.describe(emulator.account()).map(SeededSubscription::subscriptionId).toList();
    emulator.knobs().latency(Duration.ofMillis(30), Duration.ofMillis(20));
    stripe = StripeClients.create(new StripeSettings(emulator.baseUrl(), Secret.of(emulator.apiKey()), 400, 0));
  }

  @AfterEach
  void tearDown() {
    emulator.close();
  }

  @Test
  void aStarvedListingSplitsSmallRangesYetListsEverySubscriptionExactlyOnce() throws Exception {
    StripeAccountReader reader = StripeAccountReader.open(stripe.client());
    emulator.resetCounters();
    // always starved: every idle worker splits any range with a few pages ahead
    PartitionedLister lister = new PartitionedLister(reader, PARALLELISM, () -> 1_000);
    List<String> listed = new ArrayList<>();

    lister.list(page -> page.subscriptions().forEach(s -> listed.add(s.id())));

    assertThat(listed).hasSameSizeAs(expectedIds).containsExactlyInAnyOrderElementsOf(expectedIds);
    // starved splits cost about a request each and are capped at the parallelism; the first splits, made before
    // the account's shape is known, cost about as many again
    assertThat(emulator.totalRequests())
        .as("pages, plus at most a constant in the parallelism")
        .isBetween((long) SUBSCRIPTIONS / 100, (long) SUBSCRIPTIONS / 100 + 2 * PARALLELISM);
  }

  @Test
  void theConsumerDoesIdleWorkOnItsOwnThreadWhileWaitingForPages() throws Exception {
    PartitionedLister lister = new PartitionedLister(StripeAccountReader.open(stripe.client()), 4);
    Thread consumer = Thread.currentThread();
    AtomicInteger steps = new AtomicInteger();
    List<Thread> idleThreads = new ArrayList<>();
    List<StripeSubscription> listed = new ArrayList<>();

    lister.list(List.of(PartitionedLister.Span.all()), () -> false, page -> listed.addAll(page.subscriptions()),
        () -> {
          idleThreads.add(Thread.currentThread());
          return steps.incrementAndGet() < 5;
        });

    assertThat(steps).as("idle work runs until it says it is done, and no further").hasValue(5);
    assertThat(idleThreads).containsOnly(consumer);
    assertThat(listed).hasSize(SUBSCRIPTIONS);
  }

  @Test
  void theBudgetNeedsLatencyTimesRateRequestsInFlightButNoMoreThanTheCapAllows() throws Exception {
    assertThat(stripe.transport().concurrencyToFillBudget()).as("nothing measured yet").isZero();

    StripeAccountReader reader = StripeAccountReader.open(stripe.client());
    for (int i = 0; i < 5; i++) {
      reader.listSubscriptions(CreatedRange.ALL, null);
    }

    // at least 30 ms per answer, one send slot every 2.5 ms (400 rps): twelve or more in flight would fill it, but
    // one request at a time does not grow the cap on requests in flight that far, and walking more ranges than the
    // cap only waits for room
    int cap = stripe.transport().inFlightLimit();
    assertThat(cap).isLessThan(12);
    assertThat(stripe.transport().concurrencyToFillBudget()).isEqualTo(cap);
  }
}
