package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.report.ReportText;
import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.LogLevel;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.EmbeddedMariaDb;
import com.subscriptionreconciler.db.SchemaMigrator;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.run.RunRequest;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The {@code demo} command: the whole job on embedded defaults, with no AWS, Stripe account or database. Starts
 * an embedded MariaDB and the Stripe emulator, builds {@link DemoScenario}, then runs the real engine three
 * times: a dry run (what would change), a real run (the fix), and a dry run that should find nothing.
 */
public final class Demo {
  static final String DATABASE = "subscription_reconciler_demo";
  /** Fast enough for a demo, still paced the way production is. */
  static final double STRIPE_MAX_RPS = 25;
  static final int STRIPE_NETWORK_RETRIES = 2;

  private Demo() {}

  /** Prints the demo to {@code out}; returns how it ended, which the {@code demo} command maps to its exit code. */
  public static DemoOutcome run(PrintWriter out) {
    out.println("Starting an embedded MariaDB and the Stripe emulator…");
    out.flush();
    try (EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start();
        StripeEmulator emulator = StripeEmulator.start(DemoScenario.emulatorOptions())) {
      mariaDb.createDatabase(DATABASE);
      DatabaseSettings database = mariaDb.settings(DATABASE);
      DemoScenario.Built scenario;
      try (HikariDataSource dataSource = DataSourceFactory.create(database)) {
        new SchemaMigrator(dataSource).migrate();
        scenario = DemoScenario.build(emulator.account(), dataSource);
      }
      DemoIntro.print(scenario, emulator.baseUrl(), out);

      ReconcilerConfig config = new ReconcilerConfig(
          new StripeSettings(emulator.baseUrl(), Secret.of(emulator.apiKey()), STRIPE_MAX_RPS, STRIPE_NETWORK_RETRIES),
          database, scenario.rules(), LogLevel.INFO, Optional.empty());
      Engine engine = ProductionWiring.create(config);
      try {
        RunReport finalCheck = dryRealCheck(engine, out);
        out.println();
        out.flush();
        boolean realTime;
        boolean severalAccounts;
        try (HikariDataSource reads = DataSourceFactory.create(database)) {
          realTime = RealTimeDemo.show(engine, emulator, reads, out);
          out.println();
          severalAccounts = SeveralAccountsDemo.show(config, emulator, reads, out);
        }
        return new DemoOutcome(finalCheck, realTime && severalAccounts);
      } finally {
        if (engine instanceof AutoCloseable closeable) {
          closeable.close();
        }
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("demo: " + e.getMessage(), e);
    }
  }

  /** A dry run, a real run and a dry run that should find nothing; returns the last one's report. */
  static RunReport dryRealCheck(Engine engine, PrintWriter out) {
    run(engine, true, "1. Dry run: what the reconciler would change", out);
    run(engine, false, "2. Real run: make the database match Stripe", out);
    RunReport check = run(engine, true, "3. Dry run again: anything left?", out);
    boolean inSync = check.runStatus() == RunStatus.SUCCEEDED && check.driftDetected() == 0;
    out.println(inSync
        ? "In sync: the database matches Stripe, and a run right now would change nothing."
        : "Not in sync after the real run (" + check.status() + ", would change " + check.driftDetected()
            + "): see the report above.");
    out.flush();
    return check;
  }

  private static RunReport run(Engine engine, boolean dryRun, String title, PrintWriter out) {
    out.println("== " + title + " ==");
    RunReport report = engine.run(new RunRequest(
        RunRequest.Trigger.CLI, RunRequest.Mode.FULL, dryRun, false, List.of(), List.of(), List.of()));
    ReportText.print(report, out);
    out.println();
    out.flush();
    return report;
  }
}
