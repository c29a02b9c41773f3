package com.subscriptionreconciler.run.collect.full;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.demo.BillingDatabaseSeeder;
import com.subscriptionreconciler.demo.InSyncMirror;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.run.EngineFixture;
import com.subscriptionreconciler.run.EngineTest;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Orphans confirmed while the listing still runs: on an account whose rows were written when their subscriptions
 * were created (the mirror's {@code created_at} is the subscription's), the retrieves that confirm the orphans
 * reach Stripe before the listing's last page; on rows backfilled long after their subscriptions, the guesses
 * stop after a few wrong ones and every orphan is still archived.
 */
@EngineTest
class EarlyOrphanSweepIntegrationTest {
  private static final int SUBSCRIPTIONS = 6000;
  private static final String LIST = "GET /v1/subscriptions";
  private static final String RETRIEVE = "GET /v1/subscriptions/{id}";

  TestDatabase db;
  EngineFixture f;
  long liveRows;

  @BeforeEach
  void mirroredAccount(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
    AccountGenerator.generate(f.account, SUBSCRIPTIONS, 7);
    new InSyncMirror(f.account, rules()).seedInto(new BillingDatabaseSeeder(db.dataSource()));
    liveRows = count("SELECT COUNT(*) FROM subscriptions WHERE archived_at IS NULL");
  }

  @Test
  void orphansAreConfirmedBeforeTheListingEnds() {
    long orphans = addOrphansBesideEveryHundredAndFiftiethRow();
    f.emulator.knobs().latency(Duration.ofMillis(10), Duration.ofMillis(5));
    f.emulator.resetCounters();

    RunReport report = f.engine(rules(), db.dataSource(), 100).run(EngineFixture.full());

    assertThat(report.status()).as(String.valueOf(report.warnings())).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.archived()).isEqualTo(orphans);
    assertThat(subscriptionsChangedOtherThanArchived(report)).isZero();
    assertThat(f.emulator.counters().requestCount(RETRIEVE)).isEqualTo(orphans);
    assertThat(f.emulator.counters().firstArrival(RETRIEVE))
        .as("the first orphan retrieve arrives before the listing's last page")
        .isLessThan(f.emulator.counters().lastArrival(LIST));
    assertThat(count("SELECT COUNT(*) FROM subscriptions WHERE stripe_subscription_id LIKE 'sub_orphan%'"
        + " AND archived_at IS NULL")).isZero();
  }

  @Test
  void rowsBackfilledInOneGoAreNotGuessedAtAll() {
    long orphans = addOrphansBesideEveryHundredAndFiftiethRow();
    db.execute("UPDATE subscriptions SET created_at = CURRENT_TIMESTAMP(3)");
    f.emulator.resetCounters();

    RunReport report = f.engine(rules(), db.dataSource(), 100).run(EngineFixture.full());

    assertEveryOrphanArchivedAndNothingElseChanged(report, orphans);
    // every row sits in one window, most of them unseen when it is covered: none is guessed
    assertThat(f.emulator.counters().requestCount(RETRIEVE)).isEqualTo(orphans);
  }

  @Test
  void rowsWhoseCreationSaysNothingOfTheirSubscriptionsStopTheGuessingEarly() {
    long orphans = addOrphansBesideEveryHundredAndFiftiethRow();
    // created_at shuffled over seven years: late in the listing, unseen rows are few in every covered window, and
    // most of them are not orphans but subscriptions still to be listed
    db.execute("UPDATE subscriptions SET created_at = FROM_UNIXTIME(1500000000 + FLOOR(RAND(7) * 220000000))");
    f.emulator.resetCounters();

    RunReport report = f.engine(rules(), db.dataSource(), 100).run(EngineFixture.full());

    assertEveryOrphanArchivedAndNothingElseChanged(report, orphans);
    // guesses in flight are held to 10 + a tenth of the confirmed orphans, and guessing stops once more than
    // 10 + a tenth of all guesses were wrong: 10 + 10 + (orphans + wrong) / 10 at most
    long wasted = f.emulator.counters().requestCount(RETRIEVE) - orphans;
    assertThat(wasted).isBetween(0L, 20 + (orphans + 30) / 10);
  }

  private void assertEveryOrphanArchivedAndNothingElseChanged(RunReport report, long orphans) {
    assertThat(report.status()).as(String.valueOf(report.warnings())).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.archived()).isEqualTo(orphans);
    assertThat(subscriptionsChangedOtherThanArchived(report)).isZero();
    RunReport second = f.engine(rules(), db.dataSource(), 100).run(EngineFixture.full());
    assertThat(second.synchronized_() + second.created() + second.archived()).isZero();
  }

  /** One orphan per 150 live rows, created when its neighbour was: like a row whose subscription was deleted. */
  private long addOrphansBesideEveryHundredAndFiftiethRow() {
    int added = db.execute("INSERT INTO subscriptions (organization_id, stripe_subscription_id, stripe_customer_id,"
        + " status, created_at) SELECT organization_id, CONCAT('sub_orphan', id), stripe_customer_id, 'active',"
        + " created_at FROM subscriptions WHERE archived_at IS NULL AND stripe_subscription_id IS NOT NULL"
        + " AND id % 150 = 0");
    assertThat(added).isGreaterThan(30);
    return added;
  }

  private static long subscriptionsChangedOtherThanArchived(RunReport report) {
    return report.details().stream()
        .filter(d -> d.entity().equals("subscription") && !d.action().equals("archive"))
        .count();
  }

  private long count(String sql) {
    return ((Number) db.queryValue(sql)).longValue();
  }

  private static ReconcileRules rules() {
    return new ReconcileRules(EngineFixture.TIER_MAP, "free", 0.5, 10_000);
  }
}
