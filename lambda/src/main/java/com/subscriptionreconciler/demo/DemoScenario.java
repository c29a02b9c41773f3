package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The {@code demo} command's world: a small realistic Stripe account ({@link DemoAccount}), its exact mirror in a
 * fresh database ({@link InSyncMirror}), then one drift of every kind ({@link DriftInjector#oneOfEach}) made
 * three days later, as if webhooks had been failing and people had been editing in the Dashboard since.
 *
 * <p>Deterministic: same seed, same fixed clock, same emulator options → the same ids, rows and manifest.
 */
public final class DemoScenario {
  public static final long SEED = 20_260_302L;
  /** The emulated account's clock when the database was last in sync. */
  public static final Instant IN_SYNC_AT = Instant.parse("2026-03-02T09:00:00Z");
  /** How long the copy drifted before the reconciler runs. */
  public static final long DRIFT_AFTER_SECONDS = 3 * 86_400L;
  public static final String DEFAULT_PLAN_TIER = "free";
  /**
   * The demo drifts a large fraction of a tiny account; the default 10% guard is meant for real accounts,
   * so the demo allows half. {@link DemoIntro} says so.
   */
  public static final double MAX_CHANGE_RATIO = 0.5;
  public static final long MAX_CHANGES_ABSOLUTE = 50;

  /** What was built, for the intro and for tests. */
  public record Built(
      ReconcileRules rules,
      DriftManifest manifest,
      SeedResult seeded,
      long stripeCustomers,
      long stripeSubscriptions,
      long organizations,
      long subscriptionRows) {

    public Map<String, String> planTierMap() {
      return rules.planTierMap();
    }
  }

  private DemoScenario() {}

  /** The emulator must be started with these: ids come from its seed, timestamps from its clock. */
  public static EmulatorOptions emulatorOptions() {
    return EmulatorOptions.defaults().withSeed(SEED).withClockStart(IN_SYNC_AT.getEpochSecond());
  }

  public static ReconcileRules rules() {
    return new ReconcileRules(DemoAccount.PLAN_TIER_MAP, DEFAULT_PLAN_TIER, MAX_CHANGE_RATIO, MAX_CHANGES_ABSOLUTE);
  }

  /**
   * Builds the scenario into an empty account (of an emulator started with {@link #emulatorOptions()}) and an
   * empty, migrated database.
   */
  public static Built build(EmulatedAccount account, DataSource dataSource) {
    if (account.subscriptionCount() != 0 || account.customers().findAny().isPresent()) {
      throw new IllegalStateException("the demo scenario needs an empty emulated account");
    }
    ReconcileRules rules = rules();
    DemoAccount.build(account, SEED);
    InSyncMirror mirror = new InSyncMirror(account, rules);
    SeedResult seeded = mirror.seedInto(new BillingDatabaseSeeder(dataSource));
    account.advanceSeconds(DRIFT_AFTER_SECONDS);
    DriftManifest manifest = new DriftInjector(account, dataSource, rules).oneOfEach(mirror.mirrored().toList(), SEED);
    long rowsDeleted = manifest.ofKind(DriftKind.ROW_MISSING_IN_DATABASE).size();
    return new Built(rules, manifest, seeded, account.customers().count(), account.subscriptionCount(),
        mirror.organizationCount(), mirror.subscriptionCount() - rowsDeleted);
  }
}
