package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.realtime.EventBatchConsumer;
import com.subscriptionreconciler.realtime.LocalListener;
import com.subscriptionreconciler.realtime.WebhookVerifier;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code listen}'s machinery end to end: the emulator signs and POSTs its own webhooks (the webhook knob) to the
 * local receiver, which queues them for the consumer's targeted runs against the real database.
 */
@EngineTest
class LocalListenerIntegrationTest {
  private static final String SECRET = "whsec_test_ListenerSecret_4f1c0d9e2b7a";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  EngineFixture f;
  TestDatabase db;
  String sub;
  final List<EventBatchConsumer.BatchOutcome> batches = new CopyOnWriteArrayList<>();
  /** Notified after every batch the listener finished (its counters are updated by then). */
  private final Object batchDone = new Object();

  @BeforeEach
  void inSync(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
    sub = f.subscription(f.customerWithOrganization(1), f.proPrice, SubscriptionStatus.ACTIVE);
    assertThat(f.engine().run(EngineFixture.full()).created()).isEqualTo(1);
  }

  LocalListener listen() {
    return LocalListener.start(0, new WebhookVerifier(List.of(Secret.of(SECRET)), Clock.systemUTC()),
        new EventBatchConsumer(f.engine(), StripeKeyMode.SANDBOX), new LocalListener.Batching(50, Duration.ofMillis(20)), this::batchFinished);
  }

  private void batchFinished(EventBatchConsumer.BatchOutcome outcome) {
    batches.add(outcome);
    synchronized (batchDone) {
      batchDone.notifyAll();
    }
  }

  /** Waits, bounded, for a condition on what the listener's batches did: re-checked whenever a batch finishes. */
  void awaitBatches(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    synchronized (batchDone) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out waiting for " + what);
        }
        TimeUnit.NANOSECONDS.timedWait(batchDone, left);
      }
    }
  }

  void awaitWebhooks(long delivered, long failed, String what) throws InterruptedException {
    assertThat(f.emulator.awaitWebhooks(delivered, failed, TIMEOUT)).as("waiting for " + what).isTrue();
  }

  @Test
  void aChangeInStripeReachesTheDatabaseThroughTheSignedWebhook() throws Exception {
    try (LocalListener listener = listen()) {
      f.emulator.sendWebhooks("http://127.0.0.1:" + listener.port() + "/webhook", SECRET);

      f.account.changePrice(sub, f.teamPrice);
      f.account.changeQuantity(sub, 6);

      // both events applied: their runs (one or two, the deliveries run in parallel) have finished
      awaitBatches(() -> listener.applied() == 2, "both events to be applied");
      assertThat(f.row(sub)).containsEntry("quantity", 6L).containsEntry("stripe_price_id", "price_team_monthly");
      assertThat(f.organization(1)).containsEntry("plan_tier", "team");
      awaitWebhooks(2, 0, "both deliveries to be answered");
      assertThat(f.emulator.webhooksDelivered()).isEqualTo(2);
      assertThat(batches).allSatisfy(b -> assertThat(b.failedMessageIds()).isEmpty());
      assertThat(db.query("SELECT DISTINCT `trigger` FROM reconciliation_runs WHERE `trigger` = 'event'")).isNotEmpty();
    }
  }

  @Test
  void webhooksSignedWithAnotherSecretAreRefusedAndQueueNothing() throws Exception {
    try (LocalListener listener = listen()) {
      f.emulator.sendWebhooks("http://127.0.0.1:" + listener.port() + "/", "whsec_not_the_listeners");

      f.account.changeQuantity(sub, 8);
      f.account.changeQuantity(sub, 9);
      awaitWebhooks(0, 2, "both refused deliveries to be answered");
      assertThat(f.emulator.webhooksFailed()).isEqualTo(2);
      // then a correctly signed one: the only event that reaches the queue
      f.emulator.sendWebhooks("http://127.0.0.1:" + listener.port() + "/", SECRET);
      f.account.changePrice(sub, f.teamPrice);

      awaitBatches(() -> !batches.isEmpty(), "the correctly signed change's batch");
      assertThat(batches).hasSize(1);
      assertThat(batches.get(0).received()).isEqualTo(1);
      assertThat(listener.applied()).isEqualTo(1);
      assertThat(f.row(sub)).containsEntry("stripe_price_id", "price_team_monthly");
    }
  }
}
