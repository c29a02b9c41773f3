package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.db.RunLock;
import com.subscriptionreconciler.emulator.Event;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.realtime.EventBatchConsumer.BatchOutcome;
import com.subscriptionreconciler.realtime.EventBatchConsumer.QueuedMessage;
import com.subscriptionreconciler.realtime.EventBatchConsumer;
import com.subscriptionreconciler.realtime.QueueMessages;
import com.subscriptionreconciler.realtime.StripeEventReader;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQS consumer over the real engine, database and Stripe emulator: the events are the emulator's own (as
 * Stripe renders them), turned into the receiver's queue messages.
 */
@EngineTest
class EventBatchIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  TestDatabase db;
  EngineFixture f;
  String cus1;
  String cus2;
  String sub1;
  String sub2;
  final AtomicInteger messageIds = new AtomicInteger();

  @BeforeEach
  void inSync(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
    cus1 = f.customerWithOrganization(1);
    cus2 = f.customerWithOrganization(2);
    sub1 = f.subscription(cus1, f.proPrice, SubscriptionStatus.ACTIVE);
    sub2 = f.subscription(cus2, f.proPrice, SubscriptionStatus.ACTIVE);
    assertThat(f.engine().run(EngineFixture.full()).created()).isEqualTo(2);
    f.emulator.resetCounters();
  }

  EventBatchConsumer consumer() {
    return new EventBatchConsumer(f.engine(), StripeKeyMode.SANDBOX);
  }

  EventBatchConsumer consumer(ReconcileRules rules) {
    return new EventBatchConsumer(f.engine(rules), StripeKeyMode.SANDBOX);
  }

  /** A queue message of an event naming exactly these objects, as the receiver writes it. */
  QueuedMessage naming(String messageId, List<String> subscriptions, List<String> customers) {
    return new QueuedMessage(messageId, QueueMessages.write(new com.subscriptionreconciler.realtime.EventReference(
        "evt_" + messageId, "customer.subscription.updated", f.account.now(), false, subscriptions, customers)));
  }

  QueuedMessage message(Event event) {
    try {
      return new QueuedMessage("m-" + messageIds.incrementAndGet(),
          QueueMessages.write(StripeEventReader.read(JSON.readTree(f.account.eventJson(event.id())))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Event latest(String type) {
    return f.account.events(type).get(0);
  }

  @Test
  void oneBatchFixesEveryNamedSubscriptionInOneRunReadingEachObjectOnce() {
    f.account.changePrice(sub1, f.teamPrice);
    Event priceChange = latest("customer.subscription.updated");
    f.account.changeQuantity(sub1, 7);
    Event quantityChange = latest("customer.subscription.updated");
    f.account.cancelNow(sub2);
    Event cancel = latest("customer.subscription.deleted");
    List<QueuedMessage> batch = List.of(message(priceChange), message(quantityChange), message(cancel),
        message(priceChange) /* Stripe delivered it twice */);

    BatchOutcome outcome = consumer().consume(batch);

    assertThat(outcome.failedMessageIds()).isEmpty();
    assertThat(outcome.received()).isEqualTo(4);
    assertThat(outcome.applied()).isEqualTo(4);
    assertThat(outcome.report().trigger()).isEqualTo(Trigger.EVENT);
    assertThat(outcome.report().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(f.row(sub1)).containsEntry("stripe_price_id", "price_team_monthly").containsEntry("quantity", 7L);
    assertThat(f.row(sub2)).containsEntry("status", "canceled");
    assertThat(f.organization(1)).containsEntry("plan_tier", "team");
    assertThat(f.organization(2)).containsEntry("subscription_status", "canceled");
    // two distinct subscriptions named by four events: one retrieve each, never one per event, plus the run's
    // one read of the price catalog (tiers)
    assertThat(f.emulator.counters().snapshot()).containsEntry("GET /v1/subscriptions/{id}", 2L)
        .doesNotContainKey("GET /v1/events");
    assertThat(f.emulator.totalRequests()).isEqualTo(outcome.report().stripeRequests()).isLessThanOrEqualTo(2 + 1);
    assertThat(db.query("SELECT `trigger`, status FROM reconciliation_runs WHERE id = ?", outcome.report().runId()))
        .containsExactly(Map.of("trigger", "event", "status", "succeeded"));
  }

  @Test
  void outOfOrderAndReplayedEventsLeaveTheCurrentStripeState() {
    f.account.changeQuantity(sub1, 2);
    Event older = latest("customer.subscription.updated");
    f.account.changeQuantity(sub1, 5);
    Event newer = latest("customer.subscription.updated");

    consumer().consume(List.of(message(newer), message(older)));
    assertThat(f.row(sub1)).containsEntry("quantity", 5L);
    Object updatedAt = f.row(sub1).get("updated_at");
    Object version = f.row(sub1).get("version");

    // the older event arrives again, late: its snapshot says 2, Stripe says 5, and Stripe wins
    BatchOutcome late = consumer().consume(List.of(message(older)));

    assertThat(late.failedMessageIds()).isEmpty();
    assertThat(late.report().synchronized_()).isZero();
    assertThat(f.row(sub1)).containsEntry("quantity", 5L).containsEntry("updated_at", updatedAt)
        .containsEntry("version", version);
  }

  @Test
  void anEventOfTheOtherModeIsSkippedAndAnUnhandledTypeAcknowledged() {
    f.account.changeQuantity(sub1, 9);
    String liveEvent = QueueMessages.write(new com.subscriptionreconciler.realtime.EventReference(
        "evt_live", "customer.subscription.updated", f.account.now(), true, List.of(sub1), List.of()));
    String invoice = QueueMessages.write(new com.subscriptionreconciler.realtime.EventReference(
        "evt_invoice", "invoice.paid", f.account.now(), false, List.of(), List.of()));

    BatchOutcome outcome = consumer().consume(List.of(new QueuedMessage("live", liveEvent),
        new QueuedMessage("invoice", invoice)));

    assertThat(outcome.failedMessageIds()).isEmpty();
    assertThat(outcome.skipped()).isEqualTo(1);
    assertThat(outcome.unhandled()).isEqualTo(1);
    assertThat(outcome.applied()).isZero();
    assertThat(outcome.report()).isNull();
    assertThat(f.emulator.totalRequests()).isZero();
    assertThat(f.row(sub1)).containsEntry("quantity", 1L);
  }

  @Test
  void aPoisonMessageIsReturnedForRetryWhileTheRestOfTheBatchIsApplied() {
    f.account.changeQuantity(sub2, 4);
    QueuedMessage good = message(latest("customer.subscription.updated"));

    BatchOutcome outcome = consumer().consume(List.of(new QueuedMessage("poison", "{\"not\":\"an event\"}"), good));

    assertThat(outcome.failedMessageIds()).containsExactly("poison");
    assertThat(outcome.applied()).isEqualTo(1);
    assertThat(f.row(sub2)).containsEntry("quantity", 4L);
  }

  @Test
  void eventBatchesRunBesideAFullRunThatHoldsTheLock() throws Exception {
    f.account.changePrice(sub1, f.teamPrice);
    QueuedMessage event = message(latest("customer.subscription.updated"));

    try (RunLock fullRun = ((RunLock.LockAttempt.Acquired) RunLock.tryAcquire(db.dataSource())).lock()) {
      // the lock is really held: any other run is refused
      RunReport manual = f.engine().run(new RunRequest(Trigger.MANUAL, Mode.FULL, false, false,
          List.of(), List.of(), List.of(sub1)));
      assertThat(manual.status()).isEqualTo(RunStatus.ABORTED);
      assertThat(f.row(sub1)).containsEntry("stripe_price_id", "price_pro_monthly");

      BatchOutcome outcome = consumer().consume(List.of(event));

      assertThat(outcome.failedMessageIds()).isEmpty();
      assertThat(outcome.report().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(f.row(sub1)).containsEntry("stripe_price_id", "price_team_monthly");
      assertThat(fullRun.isHeld()).isTrue();
    }
  }

  @Test
  void aRunThatCannotReachStripeReturnsItsEventsForRetry() {
    f.account.changeQuantity(sub1, 3);
    List<QueuedMessage> batch = new ArrayList<>(List.of(message(latest("customer.subscription.updated"))));
    f.emulator.knobs().failFraction(1.0);

    BatchOutcome outcome = consumer().consume(batch);

    assertThat(outcome.failedMessageIds()).containsExactly(batch.get(0).messageId());
    assertThat(outcome.applied()).isZero();
    assertThat(f.row(sub1)).containsEntry("quantity", 1L);
  }

  @Test
  void aCustomerStripeRefusesFailsOnlyTheMessagesNamingItAndTheRestOfTheBatchIsApplied() {
    String cus3 = f.customerWithOrganization(3);
    String sub3 = f.subscription(cus3, f.proPrice, SubscriptionStatus.ACTIVE);
    f.engine().run(EngineFixture.full());
    f.account.changeQuantity(sub1, 2);
    f.account.changeQuantity(sub2, 3);
    f.account.changeQuantity(sub3, 4);
    f.emulator.knobs().refuseObject(cus3, 403);

    BatchOutcome outcome = consumer().consume(List.of(naming("a", List.of(sub1), List.of()),
        naming("refused", List.of(), List.of(cus3)), naming("b", List.of(sub2), List.of())));

    assertThat(outcome.failedMessageIds()).containsExactly("refused");
    assertThat(outcome.applied()).isEqualTo(2);
    assertThat(outcome.report().status()).isEqualTo(RunStatus.PARTIAL);
    assertThat(outcome.report().itemErrors()).singleElement().satisfies(e -> {
      assertThat(e.entity()).isEqualTo("customer");
      assertThat(e.stripeId()).isEqualTo(cus3);
      assertThat(e.message()).contains("does not have access");
    });
    assertThat(outcome.report().warnings()).anyMatch(w -> w.startsWith("error: " + cus3 + ": "));
    assertThat(f.row(sub1)).containsEntry("quantity", 2L);
    assertThat(f.row(sub2)).containsEntry("quantity", 3L);
    assertThat(f.row(sub3)).as("left as it was").containsEntry("quantity", 1L).containsEntry("status", "active");
  }

  @Test
  void aSubscriptionStripeRefusesFailsOnlyTheMessagesNamingIt() {
    f.account.changeQuantity(sub1, 2);
    f.account.changeQuantity(sub2, 3);
    f.emulator.knobs().refuseObject(sub1, 403);

    BatchOutcome outcome = consumer().consume(List.of(naming("refused", List.of(sub1), List.of()),
        naming("good", List.of(sub2), List.of())));

    assertThat(outcome.failedMessageIds()).containsExactly("refused");
    assertThat(outcome.report().itemErrors()).extracting(RunReport.ItemError::stripeId).containsExactly(sub1);
    assertThat(f.row(sub1)).containsEntry("quantity", 1L);
    assertThat(f.row(sub2)).containsEntry("quantity", 3L);
  }

  @Test
  void anObjectThatFailsTheWholeRunIsIsolatedByRetryingTheBatchInHalves() {
    f.account.changeQuantity(sub1, 2);
    f.account.changeQuantity(sub2, 3);
    f.emulator.knobs().refuseObject(sub1, 401); // a refusal that fails a run as a whole

    BatchOutcome outcome = consumer().consume(List.of(naming("poison", List.of(sub1), List.of()),
        naming("good", List.of(sub2), List.of())));

    assertThat(outcome.report().status()).isEqualTo(RunStatus.FAILED);
    assertThat(outcome.retries()).extracting(RunReport::status).containsExactly(RunStatus.FAILED, RunStatus.SUCCEEDED);
    assertThat(outcome.failedMessageIds()).containsExactly("poison");
    assertThat(outcome.applied()).isEqualTo(1);
    assertThat(f.row(sub2)).containsEntry("quantity", 3L);
    assertThat(f.row(sub1)).containsEntry("quantity", 1L);
  }

  @Test
  void whenEveryHalfFailsTheBatchIsReturnedWithoutSplittingFurther() {
    String cus3 = f.customerWithOrganization(3);
    f.subscription(cus3, f.proPrice, SubscriptionStatus.ACTIVE);
    f.engine().run(EngineFixture.full());
    f.emulator.resetCounters();
    for (String object : List.of(sub1, sub2, cus3, cus1)) { // the key was revoked: nothing about the events
      f.emulator.knobs().refuseObject(object, 401);
    }

    BatchOutcome outcome = consumer().consume(List.of(naming("a", List.of(sub1), List.of()),
        naming("b", List.of(sub2), List.of()), naming("c", List.of(), List.of(cus3)),
        naming("d", List.of(sub1), List.of(cus1))));

    assertThat(outcome.failedMessageIds()).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(outcome.retries()).as("one try of each half, no more").hasSize(2);
  }

  @Test
  void eventRunsKeepMaxChangesAbsoluteAndABatchOverItIsAppliedInHalves() {
    ReconcileRules oneChange = new ReconcileRules(EngineFixture.TIER_MAP, "free", 0.1, 1);
    f.account.changeQuantity(sub1, 2);
    f.account.changeQuantity(sub2, 3);

    BatchOutcome outcome = consumer(oneChange).consume(List.of(naming("a", List.of(sub1), List.of()),
        naming("b", List.of(sub2), List.of())));

    assertThat(outcome.report().status()).isEqualTo(RunStatus.ABORTED);
    assertThat(outcome.report().abortReason()).contains("would change 2 of 2 rows > MAX_CHANGES_ABSOLUTE 1");
    assertThat(outcome.retries()).extracting(RunReport::status).containsExactly(RunStatus.SUCCEEDED, RunStatus.SUCCEEDED);
    assertThat(outcome.failedMessageIds()).isEmpty();
    assertThat(f.row(sub1)).containsEntry("quantity", 2L);
    assertThat(f.row(sub2)).containsEntry("quantity", 3L);
  }

  @Test
  void oneEventThatWouldChangeMoreThanMaxChangesAbsoluteIsReturnedForRetryWithNothingApplied() {
    String second = f.subscription(cus1, f.proPrice, SubscriptionStatus.ACTIVE);
    f.engine().run(EngineFixture.full());
    f.account.changeQuantity(sub1, 2);
    f.account.changeQuantity(second, 3);

    BatchOutcome outcome = consumer(new ReconcileRules(EngineFixture.TIER_MAP, "free", 0.1, 1))
        .consume(List.of(naming("customer", List.of(), List.of(cus1))));

    assertThat(outcome.failedMessageIds()).containsExactly("customer");
    assertThat(outcome.report().status()).isEqualTo(RunStatus.ABORTED);
    assertThat(f.row(sub1)).containsEntry("quantity", 1L);
    assertThat(f.row(second)).containsEntry("quantity", 1L);
  }
}
