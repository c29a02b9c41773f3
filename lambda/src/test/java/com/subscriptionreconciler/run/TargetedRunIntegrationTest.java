package com.subscriptionreconciler.run;

import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Targeted runs touch only what was asked and cost requests in proportion to it. */
@EngineTest
class TargetedRunIntegrationTest {
  TestDatabase db;
  EngineFixture f;
  String cusA;
  String a1;
  String a2;
  String cusB;
  String b1;


  @BeforeEach
  void driftedAccount(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
    cusA = f.customerWithOrganization(1);
    a1 = f.subscription(cusA, f.proPrice, SubscriptionStatus.ACTIVE);
    a2 = f.subscription(cusA, f.teamPrice, SubscriptionStatus.TRIALING);
    cusB = f.customerWithOrganization(2);
    b1 = f.subscription(cusB, f.proPrice, SubscriptionStatus.ACTIVE);
    for (long org = 3; org <= 40; org++) {
      f.subscription(f.customerWithOrganization(org), f.proPrice, SubscriptionStatus.ACTIVE);
    }
    f.engine().run(EngineFixture.full());
    f.account.cancelNow(a1);
    f.account.cancelNow(a2);
    f.account.cancelNow(b1);
    f.emulator.resetCounters();
  }


  static RunRequest targeted(List<Long> orgs, List<String> customers, List<String> subscriptions) {
    return new RunRequest(Trigger.MANUAL, Mode.FULL, false, false, orgs, customers, subscriptions);
  }

  @Test
  void aSubscriptionTargetTouchesOnlyThatSubscription() {
    RunReport report = f.engine().run(targeted(List.of(), List.of(), List.of(a1)));

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(f.row(a1)).containsEntry("status", "canceled");
    assertThat(f.row(a2)).containsEntry("status", "trialing");
    assertThat(f.row(b1)).containsEntry("status", "active");
    assertThat(f.emulator.counters().requestCount("GET /v1/subscriptions")).as("no listing").isZero();
    assertThat(f.emulator.totalRequests()).isLessThanOrEqualTo(4);
  }

  @Test
  void aCustomerTargetReconcilesAllOfItsSubscriptionsAndItsOrganization() {
    RunReport report = f.engine().run(targeted(List.of(), List.of(cusA), List.of()));

    assertThat(f.row(a1)).containsEntry("status", "canceled");
    assertThat(f.row(a2)).containsEntry("status", "canceled");
    assertThat(f.row(b1)).containsEntry("status", "active");
    assertThat(f.organization(1)).containsEntry("subscription_status", "canceled").containsEntry("plan_tier", "free");
    assertThat(report.totalOrganizations()).isEqualTo(1);
    assertThat(f.emulator.totalRequests()).isLessThanOrEqualTo(4);
  }

  @Test
  void anOrganizationTargetGoesThroughItsCustomer() {
    f.engine().run(targeted(List.of(2L), List.of(), List.of()));

    assertThat(f.row(b1)).containsEntry("status", "canceled");
    assertThat(f.row(a1)).containsEntry("status", "active");
    assertThat(f.organization(2)).containsEntry("subscription_status", "canceled");
  }

  @Test
  void aTargetedOrphanIsConfirmedThenArchived() {
    f.account.removeSubscription(b1);

    RunReport report = f.engine().run(targeted(List.of(), List.of(), List.of(b1)));

    assertThat(report.archived()).isEqualTo(1);
    assertThat(f.row(b1)).containsEntry("archive_reason", "stripe_subscription_missing");
  }

  @Test
  void anUnknownOrganizationIsAWarningNotAFailure() {
    RunReport report = f.engine().run(targeted(List.of(999L), List.of(), List.of()));

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.warnings()).anyMatch(w -> w.contains("organization 999"));
  }
}
