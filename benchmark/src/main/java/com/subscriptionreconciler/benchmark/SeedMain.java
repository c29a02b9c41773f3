package com.subscriptionreconciler.benchmark;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.SchemaMigrator;
import com.subscriptionreconciler.demo.BillingDatabaseSeeder;
import com.subscriptionreconciler.demo.InSyncMirror;
import com.subscriptionreconciler.demo.SeedResult;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.zaxxer.hikari.HikariDataSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seeding process: generates the same account as the emulator process (same {@link AccountSpec}), mirrors
 * it into each given database with the real planner ({@link InSyncMirror}), then drifts each copy identically
 * ({@link DatabaseDrift}). Several copies so that every measured run (engine at each rate, baseline) starts
 * from the same drifted data. A separate JVM so that none of this memory is in the engine's heap figures.
 */
public final class SeedMain {
  private SeedMain() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of());
    AccountSpec spec = AccountSpec.from(args);
    double fraction = args.doubleOf("drift", 0.01);
    long driftSeed = args.longOf("drift-seed", 11);
    List<String> jdbcUrls = List.of(args.require("jdbc").split(","));

    long began = System.nanoTime();
    InSyncMirror mirror;
    try (StripeEmulator emulator = spec.start()) {
      mirror = new InSyncMirror(emulator.account(), BenchRules.rules());
    }
    long generatedMs = (System.nanoTime() - began) / 1_000_000;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("generateMs", generatedMs);
    result.put("organizations", mirror.organizationCount());
    result.put("mirroredSubscriptions", mirror.subscriptionCount());
    for (String url : jdbcUrls) {
      try (HikariDataSource ds = DataSourceFactory.create(new DatabaseSettings(url, "root", Secret.of("")))) {
        new SchemaMigrator(ds).migrate();
        SeedResult seeded = mirror.seedInto(new BillingDatabaseSeeder(ds));
        DatabaseDrift.Injected drift = DatabaseDrift.apply(mirror, fraction, driftSeed, ds);
        result.put("seededRows", seeded.rows());
        result.put("seedMs", seeded.elapsedMillis());
        result.put("drift", drift.counts());
        result.put("driftTotal", drift.total());
        result.put("expectedSynchronized", drift.expectedSynchronized());
        result.put("expectedCreated", drift.expectedCreated());
        result.put("expectedArchived", drift.expectedArchived());
        System.out.println("seeded " + url + ": " + seeded + ", drift " + drift.counts());
      }
    }
    ResultLine.print(result);
  }
}
