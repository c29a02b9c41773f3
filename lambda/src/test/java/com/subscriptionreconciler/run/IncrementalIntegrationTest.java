package com.subscriptionreconciler.run;

import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.incremental.Checkpoint;
import com.subscriptionreconciler.incremental.CheckpointStore;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.testing.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Incremental mode and webhook health (docs/reference.md, How it decides), end to end: events since the checkpoint,
 * re-read, reconciled; webhook health.
 */
@EngineTest
class IncrementalIntegrationTest {
  TestDatabase db;
  EngineFixture f;
  CheckpointStore checkpoints;
  final List<String> customers = new ArrayList<>();
  final List<String> subscriptions = new ArrayList<>();


  static RunRequest incremental() {
    return new RunRequest(Trigger.SCHEDULE, Mode.INCREMENTAL, false, false, null, null, null);
  }

  @BeforeEach
  void accountInSyncWithACheckpoint(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
    checkpoints = new CheckpointStore(db.dataSource());
    // The account's history happened yesterday; the first full run sets the checkpoint to about now.
    f.account.setNow(Instant.now().minus(Duration.ofDays(1)).getEpochSecond());
    for (long org = 1; org <= 150; org++) {
      String cus = f.customerWithOrganization(org);
      customers.add(cus);
      subscriptions.add(f.subscription(cus, f.proPrice, SubscriptionStatus.ACTIVE));
    }
    RunReport first = f.engine().run(incremental());
    assertThat(first.fallbackReason()).contains("no checkpoint");
    assertThat(first.created()).isEqualTo(150);
    f.account.setNow(Instant.now().plusSeconds(5).getEpochSecond());
    f.emulator.resetCounters();
  }


  @Test
  void changesInStripeArePickedUpAtACostProportionalToThem() throws Exception {
    Checkpoint before = checkpoints.load().orElseThrow();
    f.account.changePrice(subscriptions.get(0), f.teamPrice);
    f.account.cancelNow(subscriptions.get(1));
    f.account.deleteCustomer(customers.get(2));
    String added = f.subscription(customers.get(3), f.teamPrice, SubscriptionStatus.TRIALING);

    Instant runStart = Instant.now();
    RunReport report = f.engine().run(incremental());
    Instant runEnd = Instant.now();

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.fallbackReason()).isNull();
    assertThat(f.row(subscriptions.get(0))).containsEntry("plan_tier", "team");
    assertThat(f.row(subscriptions.get(1))).containsEntry("status", "canceled");
    assertThat(f.row(subscriptions.get(2))).containsEntry("archive_reason", "stripe_customer_deleted");
    assertThat(f.organization(3)).containsEntry("subscription_status", "canceled");
    assertThat(f.row(added)).containsEntry("status", "trialing");
    assertThat(report.totalSubscriptions()).isLessThan(10);
    assertThat(f.emulator.totalRequests()).as("events + a handful per changed object, not 150/100 pages of everything")
        .isLessThanOrEqualTo(15);
    // The cursor stops at the listing start minus the 5-minute margin (whole seconds), never at the newest event:
    // an event that becomes visible late is read again. Two runs in the same second leave it where it was.
    Instant saved = checkpoints.load().orElseThrow().lastEventCreated();
    assertThat(saved).isAfterOrEqualTo(before.lastEventCreated())
        .isAfterOrEqualTo(runStart.minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS))
        .isBeforeOrEqualTo(runEnd.minus(Duration.ofMinutes(5)));
  }

  @Test
  void repeatedAndOutOfOrderEventsEndInStripesCurrentState() {
    String sub = subscriptions.get(5);
    f.account.changePrice(sub, f.teamPrice);
    f.account.changePrice(sub, f.basicPrice);
    f.account.changeQuantity(sub, 7);
    f.account.changePrice(sub, f.teamPrice);

    f.engine().run(incremental());
    RunReport again = f.engine().run(incremental());

    assertThat(f.row(sub)).containsEntry("stripe_price_id", "price_team_monthly").containsEntry("quantity", 7L);
    assertThat(again.synchronized_() + again.created() + again.archived()).isZero();
  }

  @Test
  void aCrashBeforeTheCheckpointReplaysTheEventsInsteadOfSkippingThem() throws Exception {
    // The set-up run saved "its listing start - 5 min" in whole seconds; a replay in that same second would save the
    // same value. Moving the checkpoint a minute back makes "the replay advanced it" a fact rather than a race.
    db.execute("UPDATE reconciliation_checkpoints SET last_event_created = ?",
        checkpoints.load().orElseThrow().lastEventCreated().minus(Duration.ofMinutes(1)));
    Checkpoint before = checkpoints.load().orElseThrow();
    String sub = subscriptions.get(7);
    f.account.cancelNow(sub);
    HookedDataSource crashing =
        HookedDataSource.once(db.dataSource(), "UPDATE `subscriptions` SET", () -> {
          throw new SQLException("simulated crash", "08S01");
        });

    RunReport crashed = f.engine(EngineFixture.RULES, crashing).run(incremental());

    assertThat(crashed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(f.row(sub)).containsEntry("status", "active");
    assertThat(checkpoints.load()).contains(before);

    RunReport replay = f.engine().run(incremental());

    assertThat(replay.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(f.row(sub)).containsEntry("status", "canceled");
    assertThat(checkpoints.load().orElseThrow().isAfter(before)).isTrue();
  }

  @Test
  void aStaleCheckpointFallsBackToAFullRunAndSaysSo() throws Exception {
    db.execute("UPDATE reconciliation_checkpoints SET last_event_created = ?", Instant.now().minus(Duration.ofDays(40)));

    RunReport report = f.engine().run(incremental());

    assertThat(report.fallbackReason()).contains("older than");
    assertThat(report.totalSubscriptions()).isEqualTo(150);
    assertThat(f.emulator.counters().requestCount("GET /v1/subscriptions")).isPositive();
  }

  @Test
  void undeliveredWebhookEventsAreCountedByType() {
    List<String> created = f.account.events("customer.subscription.created").stream().map(e -> e.id()).toList();
    f.account.markUndelivered(created.get(0), 2);
    f.account.markUndelivered(created.get(1), 1);

    RunReport report = f.engine().run(incremental());

    assertThat(report.webhookHealth()).isNotNull();
    assertThat(report.webhookHealth().undeliveredEvents()).isEqualTo(2);
    assertThat(report.webhookHealth().undeliveredByType()).containsEntry("customer.subscription.created", 2L);
  }
}
