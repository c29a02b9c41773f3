package com.subscriptionreconciler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RealDatabase
class DriftInjectorPercentTest {
  private static final ReconcileRules RULES = new ReconcileRules(Map.of(), "free", 0.1, 50);

  @Test
  void driftsExactlyTheFractionAndEachDriftIsOneSubscriptionChange(TestDatabase db) throws Exception {
    try (StripeEmulator emulator = StripeEmulator.start(DemoScenario.emulatorOptions())) {
      DriftManifest manifest = seedAndDrift(db, emulator, 0.08, 5);

      assertThat(manifest.size()).isEqualTo(48); // 8% of 600
      assertThat(manifest.countByKind().keySet()).containsExactlyInAnyOrderElementsOf(DriftInjector.PER_SUBSCRIPTION_KINDS);
      Plan plan = ReferenceReconciliation.plan(db.dataSource(), emulator, RULES, false);
      assertThat(plan.changesOf(Entity.SUBSCRIPTION)).extracting(EntityChange::stripeId)
          .containsExactlyInAnyOrderElementsOf(manifest.drifts().stream().map(Drift::stripeSubscriptionId).toList());
      for (Drift d : manifest.drifts()) {
        if (d.kind().expectation() == DriftKind.Expectation.UPDATE_SUBSCRIPTION
            || d.kind().expectation() == DriftKind.Expectation.ARCHIVE_SUBSCRIPTION) {
          EntityChange change = plan.changesOf(Entity.SUBSCRIPTION).stream()
              .filter(c -> d.subscriptionRowId().equals(c.entityId())).findFirst().orElseThrow();
          assertThat(change.changes()).extracting(f -> f.field().column())
              .as(d.describe()).containsExactlyInAnyOrderElementsOf(d.fields());
        }
      }
    }
  }

  @Test
  void theSameSeedDriftsTheSameSubscriptionsTheSameWay(TestDatabase db) {
    DriftManifest first;
    try (StripeEmulator emulator = StripeEmulator.start(DemoScenario.emulatorOptions())) {
      first = seedAndDrift(db, emulator, 0.05, 9);
    }
    try (StripeEmulator emulator = StripeEmulator.start(DemoScenario.emulatorOptions())) {
      assertThat(seedAndDrift(db, emulator, 0.05, 9)).isEqualTo(first);
    }
  }

  @Test
  void aQuantityDriftIsNeverMadeOnAnItemTheRowDoesNotMirror(TestDatabase db) throws Exception {
    db.truncateAll();
    try (StripeEmulator emulator = StripeEmulator.start(DemoScenario.emulatorOptions())) {
      var account = emulator.account();
      String legacy = account.createProduct("Legacy", Map.of());
      String addOn = account.createProduct("Seats", Map.of("plan_tier", "addon"));
      String untiered = account.createPrice(PriceSpec.monthly(legacy, null, 1900));
      String tiered = account.createPrice(PriceSpec.monthly(addOn, "seats", 500));
      for (int i = 0; i < DriftInjector.PER_SUBSCRIPTION_KINDS.size(); i++) {
        String customer = account.createCustomer("c" + i + "@example.com", Map.of());
        // first item without a tier, second with one: the primary item (the one the row mirrors) is the second
        account.createSubscription(SubscriptionSpec.forCustomer(customer).item(untiered, 1).item(tiered, 2));
      }
      InSyncMirror mirror = new InSyncMirror(account, RULES);
      mirror.seedInto(new BillingDatabaseSeeder(db.dataSource()));

      DriftManifest manifest = new DriftInjector(account, db.dataSource(), RULES).percent(mirror, 1.0, 1);

      assertThat(manifest.size()).isEqualTo(DriftInjector.PER_SUBSCRIPTION_KINDS.size());
      assertThat(manifest.countByKind()).doesNotContainKey(DriftKind.QUANTITY_CHANGED_IN_STRIPE);
      assertThat(ReferenceReconciliation.plan(db.dataSource(), emulator, RULES, false).changesOf(Entity.SUBSCRIPTION))
          .hasSize(manifest.size());
    }
  }

  private static DriftManifest seedAndDrift(TestDatabase db, StripeEmulator emulator, double fraction, long seed) {
    db.truncateAll();
    AccountGenerator.generate(emulator.account(), 600, 3);
    InSyncMirror mirror = new InSyncMirror(emulator.account(), RULES);
    mirror.seedInto(new BillingDatabaseSeeder(db.dataSource()));
    return new DriftInjector(emulator.account(), db.dataSource(), RULES).percent(mirror, fraction, seed);
  }
}
