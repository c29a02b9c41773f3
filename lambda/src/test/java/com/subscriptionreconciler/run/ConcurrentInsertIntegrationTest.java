package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.sequence.RunStarter;
import com.subscriptionreconciler.schema.Catalogue;
import com.subscriptionreconciler.schema.LiveRowKey;
import com.subscriptionreconciler.schema.ServerVersion;
import com.subscriptionreconciler.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two event runs (they take no lock) naming the same new subscription, on a table whose live rows are kept unique
 * the way adoption does it ({@link LiveRowKey}: a generated column with a unique index, the id itself not unique).
 * Both plan the insert, then both reach the {@code INSERT} together (a barrier in front of it, in real threads):
 * one inserts, the other's insert is refused by the index, re-plans against the first's row and inserts nothing.
 */
@EngineTest
class ConcurrentInsertIntegrationTest {

  @Test
  void twoEventRunsInsertingTheSameNewSubscriptionLeaveOneLiveRow(EngineFixture f, TestDatabase db) throws Exception {
    adoptedKey(db);
    String customer = f.customerWithOrganization(1);
    String sub = f.subscription(customer, f.proPrice, SubscriptionStatus.ACTIVE);
    RunRequest event = new RunRequest(Trigger.EVENT, Mode.FULL, false, false, List.of(),
        List.of(), List.of(sub));
    CyclicBarrier bothPlanned = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<RunReport>> runs = List.of(
          threads.submit(() -> engineMeetingAt(bothPlanned, f, db).run(event)),
          threads.submit(() -> engineMeetingAt(bothPlanned, f, db).run(event)));

      RunReport first = runs.get(0).get(2, TimeUnit.MINUTES);
      RunReport second = runs.get(1).get(2, TimeUnit.MINUTES);

      assertThat(db.queryValue("SELECT COUNT(*) FROM subscriptions WHERE stripe_subscription_id = ?", sub))
          .isEqualTo(1L);
      assertThat(List.of(first.status(), second.status())).containsOnly(RunStatus.SUCCEEDED);
      assertThat(first.created() + second.created()).isEqualTo(1);
      assertThat(first.errors() + second.errors()).isZero();
    } finally {
      threads.shutdownNow();
    }
  }

  /** An engine whose first subscription INSERT waits until the other engine has reached its own. */
  private static RunStarter engineMeetingAt(CyclicBarrier barrier, EngineFixture f, TestDatabase db) {
    HookedDataSource hooked = HookedDataSource.once(db.dataSource(), "INSERT INTO `subscriptions`",
        () -> barrier.await(1, TimeUnit.MINUTES));
    return f.engine(EngineFixture.RULES, hooked);
  }

  /** The product's unique id index replaced by the one adoption adds to an application's table. */
  private static void adoptedKey(TestDatabase db) throws Exception {
    db.execute("ALTER TABLE subscriptions DROP INDEX uq_subscriptions_stripe_subscription_id,"
        + " ADD INDEX app_lookup (stripe_subscription_id)");
    try (Connection c = db.connection()) {
      db.execute(LiveRowKey.addition(Catalogue.table(c, "subscriptions").orElseThrow(), SchemaMap.none(),
          ServerVersion.of(c)));
      assertThat(LiveRowKey.enforced(Catalogue.table(c, "subscriptions").orElseThrow(), SchemaMap.none())).isTrue();
    }
  }
}
