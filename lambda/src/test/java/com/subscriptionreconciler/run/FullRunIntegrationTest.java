package com.subscriptionreconciler.run;

import com.subscriptionreconciler.cli.ExitCode;
import com.subscriptionreconciler.report.RunReport;
import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Full runs end to end: real MariaDB, the emulator over HTTP, the real stripe-java client. */
@EngineTest
class FullRunIntegrationTest {
  TestDatabase db;
  EngineFixture f;


  @BeforeEach
  void setUp(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
  }


  @Test
  void firstRunInsertsSubscriptionsOfKnownCustomersAndDerivesOrganizations() {
    String cus = f.customerWithOrganization(1);
    String sub = f.subscription(cus, f.proPrice, SubscriptionStatus.ACTIVE);

    RunReport report = f.engine().run(EngineFixture.full());

    assertThat(report.status()).isEqualTo("succeeded");
    assertThat(report.created()).isEqualTo(1);
    Map<String, Object> row = f.row(sub);
    assertThat(row).containsEntry("status", "active").containsEntry("plan_tier", "pro")
        .containsEntry("stripe_price_id", "price_pro_monthly").containsEntry("stripe_customer_id", cus);
    assertThat(row.get("current_period_end")).isEqualTo(java.time.LocalDateTime.ofEpochSecond(
        f.account.findSubscription(sub).orElseThrow().currentPeriodEnd(), 0, java.time.ZoneOffset.UTC));
    assertThat(f.organization(1)).containsEntry("plan_tier", "pro").containsEntry("subscription_status", "active");
    assertThat(f.emulator.writeAttempts()).isZero();
  }

  @Test
  void aSecondRunRightAfterChangesNothingAndMovesNoUpdatedAt() {
    String cus = f.customerWithOrganization(1);
    f.subscription(cus, f.proPrice, SubscriptionStatus.ACTIVE);
    f.subscription(cus, f.teamPrice, SubscriptionStatus.TRIALING);
    f.engine().run(EngineFixture.full());
    var before = db.query("SELECT id, updated_at, version FROM subscriptions ORDER BY id");
    var orgBefore = db.query("SELECT updated_at FROM organizations");

    RunReport second = f.engine().run(EngineFixture.full());

    assertThat(second.status()).isEqualTo("succeeded");
    assertThat(second.synchronized_() + second.created() + second.archived()).isZero();
    assertThat(second.skipped()).isEqualTo(2);
    assertThat(db.query("SELECT id, updated_at, version FROM subscriptions ORDER BY id")).isEqualTo(before);
    assertThat(db.query("SELECT updated_at FROM organizations")).isEqualTo(orgBefore);
    assertThat(ExitCode.of(second)).isEqualTo(ExitCode.IN_SYNC);
  }
}
