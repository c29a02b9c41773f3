package com.subscriptionreconciler.run;

import com.subscriptionreconciler.cli.ExitCode;
import com.subscriptionreconciler.report.RunReport;
import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of drift of docs/reference.md, How it decides, each made after a first run brought the database in
 * sync, through the real stripe-java client against the emulator and a real MariaDB.
 */
@EngineTest
class DriftIntegrationTest {
  TestDatabase db;
  EngineFixture f;
  String cus;
  String sub;


  @BeforeEach
  void inSync(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
    cus = f.customerWithOrganization(1);
    sub = f.subscription(cus, f.proPrice, SubscriptionStatus.ACTIVE);
    assertThat(f.engine().run(EngineFixture.full()).created()).isEqualTo(1);
  }


  RunReport reconcile() {
    RunReport report = f.engine().run(EngineFixture.full());
    assertThat(report.status()).as(String.valueOf(report.warnings())).isEqualTo("succeeded");
    return report;
  }

  @Test
  void statusDriftFromACancellationInStripe() {
    f.account.cancelNow(sub);

    RunReport report = reconcile();

    assertThat(f.row(sub)).containsEntry("status", "canceled");
    long canceledAt = f.account.findSubscription(sub).orElseThrow().canceledAt();
    assertThat(f.row(sub).get("canceled_at")).isEqualTo(utc(canceledAt));
    assertThat(f.row(sub).get("ended_at")).isEqualTo(utc(canceledAt));
    assertThat(report.driftByField()).containsEntry("status", 1L);
    assertThat(f.organization(1)).containsEntry("plan_tier", "free").containsEntry("subscription_status", "canceled");
    assertThat(report.driftByField()).containsEntry("organization.subscription_status", 1L);
  }

  @Test
  void priceAndTierDrift() {
    f.account.changePrice(sub, f.teamPrice);

    RunReport report = reconcile();

    assertThat(f.row(sub)).containsEntry("stripe_price_id", "price_team_monthly").containsEntry("plan_tier", "team");
    assertThat(f.organization(1)).containsEntry("plan_tier", "team");
    assertThat(report.driftByField()).containsEntry("stripe_price_id", 1L).containsEntry("plan_tier", 1L);
    RunReport.EntityDetail detail =
        report.details().stream().filter(d -> d.entity().equals("subscription")).findFirst().orElseThrow();
    assertThat(detail.stripeId()).isEqualTo(sub);
    assertThat(detail.changes()).contains(new RunReport.Change("plan_tier", "pro", "team"));
  }

  @Test
  void periodDriftOnTheDatabaseSideIsRestoredFromTheItems() {
    Object end = f.row(sub).get("current_period_end");
    db.execute("UPDATE subscriptions SET current_period_end = '2001-01-01 00:00:00' WHERE stripe_subscription_id = ?", sub);

    RunReport report = reconcile();

    assertThat(f.row(sub).get("current_period_end")).isEqualTo(end);
    assertThat(report.driftByField()).containsOnlyKeys("current_period_end");
  }

  @Test
  void cancelAtPeriodEndFlag() {
    f.account.cancelAtPeriodEnd(sub);

    reconcile();

    assertThat(f.row(sub).get("cancel_at_period_end")).isIn(true, 1, (byte) 1);
    assertThat(f.row(sub).get("cancel_at"))
        .isEqualTo(utc(f.account.findSubscription(sub).orElseThrow().currentPeriodEnd()));
    assertThat(f.row(sub)).containsEntry("status", "active");
  }

  @Test
  void metadataDrift() {
    f.account.updateSubscriptionMetadata(sub, Map.of("seats", "12", "region", "eu"));

    RunReport report = reconcile();

    assertThat(String.valueOf(f.row(sub).get("metadata"))).contains("\"seats\"").contains("\"12\"");
    assertThat(report.driftByField()).containsEntry("metadata", 1L);
  }

  @Test
  void aSubscriptionMissingInTheDatabaseIsInserted() {
    String second = f.subscription(cus, f.teamPrice, SubscriptionStatus.TRIALING);

    RunReport report = reconcile();

    assertThat(report.created()).isEqualTo(1);
    assertThat(f.row(second)).containsEntry("status", "trialing").containsEntry("plan_tier", "team");
    assertThat(f.row(second).get("trial_end")).isEqualTo(utc(f.account.findSubscription(second).orElseThrow().trialEnd()));
    assertThat(f.organization(1)).as("active beats trialing").containsEntry("plan_tier", "pro");
  }

  @Test
  void anUnlinkedCustomerIsReportedNeverGuessed() {
    String stranger = f.account.createCustomer(CustomerSpec.of("nobody@example.com"));
    String strangers = f.subscription(stranger, f.proPrice, SubscriptionStatus.ACTIVE);

    RunReport report = reconcile();

    assertThat(report.unlinked()).isEqualTo(1);
    assertThat(report.created()).isZero();
    assertThat(f.row(strangers)).isNull();
    assertThat(report.warnings()).anyMatch(w -> w.contains(strangers) && w.contains(stranger));
  }

  @Test
  void anOrphanIsArchivedNeverDeleted() {
    f.account.removeSubscription(sub);
    long rowsBefore = db.count("subscriptions");

    RunReport report = reconcile();

    assertThat(db.count("subscriptions")).isEqualTo(rowsBefore);
    assertThat(f.row(sub)).containsEntry("status", "canceled").containsEntry("archive_reason", "stripe_subscription_missing");
    // archived_at is the run's own clock reading: the run's started_at
    assertThat(f.row(sub).get("archived_at"))
        .isEqualTo(db.queryValue("SELECT started_at FROM reconciliation_runs WHERE id = ?", report.runId()));
    assertThat(report.archived()).isEqualTo(1);
    assertThat(f.emulator.counters().requestCount("GET /v1/subscriptions/{id}")).isEqualTo(1);
  }

  @Test
  void theListingsChangesAreWrittenWhileOrphansAwaitConfirmationAndEverythingLands() {
    String cus2 = f.customerWithOrganization(2);
    String drifted = f.subscription(cus2, f.proPrice, SubscriptionStatus.ACTIVE);
    assertThat(reconcile().created()).isEqualTo(1);
    f.account.setStatus(drifted, SubscriptionStatus.PAST_DUE);
    f.account.removeSubscription(sub);
    // every answer takes at least 150 ms, so the orphan's retrieve is still out when the listing's change is written
    f.emulator.knobs().latency(Duration.ofMillis(150), Duration.ZERO);

    RunReport report = reconcile();

    assertThat(f.row(drifted)).containsEntry("status", "past_due");
    assertThat(f.row(sub)).containsEntry("archive_reason", "stripe_subscription_missing");
    assertThat(report.synchronized_()).isGreaterThanOrEqualTo(1);
    assertThat(report.archived()).isEqualTo(1);
    assertThat(f.organization(1)).containsEntry("subscription_status", "canceled");
    assertThat(f.organization(2)).containsEntry("subscription_status", "past_due");
    var audit = db.query("SELECT stripe_id, applied FROM reconciliation_changes WHERE run_id = ?"
        + " AND entity = 'subscription' ORDER BY id", report.runId());
    assertThat(audit).extracting(r -> r.get("stripe_id")).containsExactly(drifted, sub, sub, sub);
    assertThat(audit).allSatisfy(r -> assertThat(r.get("applied")).isIn(true, 1, 1L));
    // the database stamps each write: the listing's change went in while the orphan's answer was still on its way
    // (written together after the answer, both would share one transaction and one timestamp)
    Duration apart = Duration.between(
        (LocalDateTime) f.row(drifted).get("updated_at"), (LocalDateTime) f.row(sub).get("updated_at"));
    assertThat(apart).isGreaterThanOrEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aRowWithoutSubscriptionIdIsMatchedThroughItsOrganizationsCustomer() {
    String cus2 = f.customerWithOrganization(2);
    String sub2 = f.subscription(cus2, f.proPrice, SubscriptionStatus.PAST_DUE);
    db.execute("INSERT INTO subscriptions (organization_id, status) VALUES (2, 'incomplete')");

    RunReport report = reconcile();

    assertThat(f.row(sub2)).containsEntry("organization_id", 2L).containsEntry("status", "past_due");
    assertThat(db.queryValue("SELECT COUNT(*) FROM subscriptions WHERE organization_id = 2")).isEqualTo(1L);
    assertThat(report.driftByField()).containsEntry("stripe_subscription_id", 1L);
    assertThat(report.created()).isZero();
  }

  @Test
  void aDeletedCustomerArchivesItsRowsAndResetsItsOrganization() {
    f.account.deleteCustomer(cus);

    RunReport report = reconcile();

    assertThat(f.row(sub)).containsEntry("status", "canceled").containsEntry("archive_reason", "stripe_customer_deleted");
    assertThat(f.organization(1)).containsEntry("plan_tier", "free").containsEntry("subscription_status", "canceled");
    assertThat(report.archived()).isEqualTo(1);
  }

  @Test
  void aStaleOrganizationIsDerivedFromItsSubscriptions() {
    db.execute("UPDATE organizations SET plan_tier = 'enterprise', subscription_status = 'unpaid' WHERE id = 1");

    RunReport report = reconcile();

    assertThat(f.organization(1)).containsEntry("plan_tier", "pro").containsEntry("subscription_status", "active");
    assertThat(report.synchronized_()).isEqualTo(1);
    assertThat(report.driftByField())
        .containsEntry("organization.plan_tier", 1L)
        .containsEntry("organization.subscription_status", 1L);
  }

  @Test
  void anUnknownPriceNeverChangesTheTierAndIsAWarning() {
    String mystery = f.account.createPrice(PriceSpec.monthly("prod_pro", null, 100).withId("price_mystery"));
    f.account.changePrice(sub, mystery);

    RunReport report = reconcile();

    assertThat(f.row(sub)).containsEntry("stripe_price_id", "price_mystery").containsEntry("plan_tier", "pro");
    assertThat(report.warnings()).anyMatch(w -> w.contains("price_mystery"));
  }

  @Test
  void aDryRunChangesNoBusinessRowRecordsThePlanAndExitsThree() {
    f.account.cancelNow(sub);
    var before = db.query("SELECT * FROM subscriptions ORDER BY id");
    var orgsBefore = db.query("SELECT * FROM organizations ORDER BY id");

    RunReport report = f.engine().run(EngineFixture.dryRun());

    assertThat(report.status()).isEqualTo("succeeded");
    assertThat(report.dryRun()).isTrue();
    assertThat(report.synchronized_()).isEqualTo(2);
    assertThat(ExitCode.of(report)).isEqualTo(ExitCode.DRIFT_FOUND);
    assertThat(db.query("SELECT * FROM subscriptions ORDER BY id")).isEqualTo(before);
    assertThat(db.query("SELECT * FROM organizations ORDER BY id")).isEqualTo(orgsBefore);
    assertThat(db.queryValue(
            "SELECT COUNT(DISTINCT entity, entity_id) FROM reconciliation_changes WHERE run_id = ? AND applied = FALSE",
            report.runId()))
        .isEqualTo(2L);
    assertThat(db.queryValue("SELECT COUNT(*) FROM reconciliation_changes WHERE applied = TRUE AND run_id = ?", report.runId()))
        .isEqualTo(0L);
  }

  @Test
  void theSafetyGuardAbortsAMassChangeWithNothingAppliedUnlessForced() {
    for (long org = 2; org <= 60; org++) {
      f.subscription(f.customerWithOrganization(org), f.proPrice, SubscriptionStatus.ACTIVE);
    }
    reconcile();
    f.account.subscriptions().map(s -> s.id()).toList().forEach(f.account::cancelNow);
    var before = db.query("SELECT * FROM subscriptions ORDER BY id");
    ReconcileRules strict = new ReconcileRules(EngineFixture.TIER_MAP, "free", 0.10, 50);

    RunReport aborted = f.engine(strict).run(EngineFixture.full());

    assertThat(aborted.status()).isEqualTo("aborted");
    assertThat(ExitCode.of(aborted)).isEqualTo(ExitCode.ABORTED);
    assertThat(aborted.abortReason()).contains("MAX_CHANGE_RATIO").contains("force");
    assertThat(db.query("SELECT * FROM subscriptions ORDER BY id")).isEqualTo(before);

    RunRequest forced = new RunRequest(RunRequest.Trigger.CLI, RunRequest.Mode.FULL, false, true, null, null, null);
    RunReport applied = f.engine(strict).run(forced);

    assertThat(applied.status()).isEqualTo("succeeded");
    assertThat(db.queryValue("SELECT COUNT(*) FROM subscriptions WHERE status = 'canceled'")).isEqualTo(60L);
  }

  @Test
  void rollbackRestoresThePreviousValuesAndIsItselfARun() {
    f.account.changePrice(sub, f.teamPrice);
    RunReport changed = reconcile();
    assertThat(f.row(sub)).containsEntry("plan_tier", "team");

    RunReport rollback = f.engine().rollback(changed.runId(), false, RunRequest.Trigger.CLI);

    assertThat(rollback.status()).isEqualTo("succeeded");
    assertThat(rollback.mode()).isEqualTo("rollback");
    assertThat(f.row(sub)).containsEntry("plan_tier", "pro").containsEntry("stripe_price_id", "price_pro_monthly");
    assertThat(f.organization(1)).containsEntry("plan_tier", "pro");
    assertThat(db.queryValue("SELECT rollback_of_run_id FROM reconciliation_runs WHERE id = ?", rollback.runId()))
        .isEqualTo(changed.runId());
  }

  @Test
  void rollbackRefusesARowChangedSince() {
    f.account.changePrice(sub, f.teamPrice);
    RunReport changed = reconcile();
    db.execute("UPDATE subscriptions SET plan_tier = 'enterprise', version = version + 1 WHERE stripe_subscription_id = ?", sub);

    RunReport rollback = f.engine().rollback(changed.runId(), false, RunRequest.Trigger.CLI);

    assertThat(rollback.status()).isEqualTo("partial");
    assertThat(f.row(sub)).containsEntry("plan_tier", "enterprise");
    assertThat(rollback.warnings()).anyMatch(w -> w.startsWith("refused"));
  }

  @Test
  void aRowTheDatabaseRefusesIsAPerItemErrorAndTheRunGoesOn() {
    String longTier = "x".repeat(80);
    String odd = f.account.createPrice(PriceSpec.monthly("prod_team", null, 1).withId("price_odd").withMetadata(Map.of("plan_tier", longTier)));
    String cus2 = f.customerWithOrganization(2);
    String other = f.subscription(cus2, f.proPrice, SubscriptionStatus.ACTIVE);
    f.account.changePrice(sub, odd);

    RunReport report = f.engine().run(EngineFixture.full());

    assertThat(report.status()).isEqualTo("partial");
    assertThat(ExitCode.of(report)).isEqualTo(ExitCode.PARTIAL);
    assertThat(report.errors()).isEqualTo(1);
    assertThat(report.warnings()).anyMatch(w -> w.contains(sub));
    assertThat(f.row(other)).as("the rest of the run still applied")
        .containsEntry("status", "active").containsEntry("stripe_customer_id", cus2);
  }

  /** Stripe's epoch seconds as the UTC wall-clock a DATETIME column holds. */
  private static LocalDateTime utc(long epochSecond) {
    return LocalDateTime.ofEpochSecond(epochSecond, 0, java.time.ZoneOffset.UTC);
  }
}
