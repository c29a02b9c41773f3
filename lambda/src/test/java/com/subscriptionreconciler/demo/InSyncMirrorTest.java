package com.subscriptionreconciler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealDatabase
class InSyncMirrorTest {
  private StripeEmulator emulator;

  @BeforeEach
  void start(TestDatabase db) {
    db.truncateAll();
    emulator = StripeEmulator.start(DemoScenario.emulatorOptions());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void aGeneratedAccountMirrorsWithNothingToPlan(TestDatabase db) throws Exception {
    AccountGenerator.generate(emulator.account(), 400, 11);
    ReconcileRules rules = new ReconcileRules(Map.of("pro_yearly", "pro"), "free", 0.1, 50);
    InSyncMirror mirror = new InSyncMirror(emulator.account(), rules);

    SeedResult seeded = mirror.seedInto(new BillingDatabaseSeeder(db.dataSource()));

    assertThat(seeded.rows()).isEqualTo(mirror.organizationCount() + 400L);
    assertThat(db.count("subscriptions")).isEqualTo(400);
    Plan plan = ReferenceReconciliation.plan(db.dataSource(), emulator, rules, true);
    assertThat(plan.changes()).isEmpty();
    assertThat(plan.unlinked()).isEmpty();
    assertThat(plan.inSync()).isEqualTo(400);
  }

  @Test
  void theDemoAccountMirrorsWithNothingToPlan(TestDatabase db) throws Exception {
    DemoAccount.build(emulator.account(), DemoScenario.SEED);
    InSyncMirror mirror = new InSyncMirror(emulator.account(), DemoScenario.rules());

    mirror.seedInto(new BillingDatabaseSeeder(db.dataSource()));

    Plan plan = ReferenceReconciliation.plan(db.dataSource(), emulator, DemoScenario.rules(), true);
    assertThat(plan.changes()).isEmpty();
    assertThat(plan.inSync()).isEqualTo(DemoAccount.SUBSCRIPTIONS);
    // the legacy price is unknown to every tier rule: mirrored with a NULL tier (and left so by a run)
    assertThat(db.query("SELECT DISTINCT plan_tier FROM subscriptions WHERE stripe_price_id = 'price_1Legacy2019'"))
        .singleElement().satisfies(row -> assertThat(row.get("plan_tier")).isNull());
    // every status and every tier rule is represented
    assertThat(db.query("SELECT DISTINCT status FROM subscriptions")).hasSize(8);
    assertThat(db.query("SELECT DISTINCT plan_tier FROM subscriptions WHERE plan_tier IS NOT NULL"))
        .hasSize(3);
  }

  @Test
  void organizationsKeepTheApplicationsIdsAndDeriveFromTheirSubscriptions(TestDatabase db) {
    DemoAccount.build(emulator.account(), DemoScenario.SEED);
    InSyncMirror mirror = new InSyncMirror(emulator.account(), DemoScenario.rules());
    mirror.seedInto(new BillingDatabaseSeeder(db.dataSource()));

    emulator.account().customers().forEach(c -> assertThat(
            db.queryValue("SELECT id FROM organizations WHERE stripe_customer_id = ?", c.id()))
        .isEqualTo(Long.parseLong(c.metadata().get("organization_id"))));
    // an organization whose best subscription is canceled is canceled on the default tier
    assertThat(db.query("SELECT plan_tier FROM organizations WHERE subscription_status IN ('canceled', 'unpaid')"))
        .isNotEmpty()
        .allSatisfy(row -> assertThat(row).containsEntry("plan_tier", "free"));
  }

  @Test
  void theCheckNoticesARowThatDiffers(TestDatabase db) throws Exception {
    // guards the guard: the reference plan above is not empty by accident
    DemoAccount.build(emulator.account(), DemoScenario.SEED);
    new InSyncMirror(emulator.account(), DemoScenario.rules()).seedInto(new BillingDatabaseSeeder(db.dataSource()));
    db.execute("UPDATE subscriptions SET quantity = quantity + 1 WHERE id = 1");

    Plan plan = ReferenceReconciliation.plan(db.dataSource(), emulator, DemoScenario.rules(), true);

    assertThat(plan.changes()).singleElement().satisfies(change -> {
      assertThat(change.action()).isEqualTo(Action.UPDATE);
      assertThat(change.changes()).extracting(f -> f.field().column()).containsExactly("quantity");
    });
  }
}
