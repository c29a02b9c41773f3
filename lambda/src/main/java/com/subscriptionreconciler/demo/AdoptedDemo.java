package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.adopt.AdoptionPlan;
import com.subscriptionreconciler.adopt.SchemaAdopter;
import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.LogLevel;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.EmbeddedMariaDb;
import com.subscriptionreconciler.db.SchemaMigrator;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.run.Engine;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * {@code demo --adopted}: the same account and drift as {@link Demo}, but in tables shaped like an application's
 * own — other table and column names, second-precision period columns, columns of the application's, none of the
 * product's bookkeeping and no migration history. The demo adopts them ({@code migrate --adopt}), then reconciles
 * through {@code SCHEMA_MAP}, so a newcomer sees the mapping work end to end.
 */
public final class AdoptedDemo {
  /** The mapping the demo's application tables need; printed so it can be copied. */
  static final String SCHEMA_MAP = "{\"organizations\":{\"table\":\"accounts\",\"columns\":{\"id\":\"account_id\","
      + "\"plan_tier\":\"tier\"}},\"subscriptions\":{\"table\":\"billing_subscriptions\",\"columns\":{"
      + "\"organization_id\":\"account_id\",\"stripe_subscription_id\":\"stripe_sub_id\",\"status\":\"state\"}}}";

  /**
   * Turns the product's freshly seeded tables into what an application typically has. Demo set-up only: it
   * plays the application's part; the product itself never drops or renames anything.
   */
  private static final List<String> AS_THE_APPLICATION_HAS_IT = List.of(
      "DROP TABLE reconciliation_changes",
      "DROP TABLE reconciliation_checkpoints",
      "DROP TABLE reconciliation_runs",
      "DROP TABLE flyway_schema_history",
      "ALTER TABLE subscriptions DROP FOREIGN KEY fk_subscriptions_organization",
      "RENAME TABLE organizations TO accounts, subscriptions TO billing_subscriptions",
      "ALTER TABLE accounts RENAME COLUMN id TO account_id, RENAME COLUMN plan_tier TO tier,"
          + " DROP COLUMN last_reconciled_at, ADD COLUMN signup_source VARCHAR(32) NULL DEFAULT 'web'",
      "ALTER TABLE billing_subscriptions RENAME COLUMN organization_id TO account_id,"
          + " RENAME COLUMN stripe_subscription_id TO stripe_sub_id, RENAME COLUMN status TO state,"
          + " DROP INDEX idx_subscriptions_archived_at_id, DROP COLUMN version, DROP COLUMN archived_at,"
          + " DROP COLUMN archive_reason, DROP COLUMN last_reconciled_at,"
          + " MODIFY current_period_start DATETIME NULL, MODIFY current_period_end DATETIME NULL,"
          + " ADD COLUMN notes TEXT NULL",
      "ALTER TABLE billing_subscriptions ADD CONSTRAINT fk_billing_subscriptions_account"
          + " FOREIGN KEY (account_id) REFERENCES accounts (account_id)");

  private AdoptedDemo() {}

  /** Prints the demo to {@code out}; returns how it ended, which the {@code demo} command maps to its exit code. */
  public static DemoOutcome run(PrintWriter out) {
    out.println("Starting an embedded MariaDB and the Stripe emulator…");
    out.flush();
    try (EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start();
        StripeEmulator emulator = StripeEmulator.start(DemoScenario.emulatorOptions())) {
      mariaDb.createDatabase(Demo.DATABASE);
      DatabaseSettings database = mariaDb.settings(Demo.DATABASE);
      SchemaMap map = SchemaMap.parse(SCHEMA_MAP);
      DemoScenario.Built scenario;
      try (HikariDataSource dataSource = DataSourceFactory.create(database)) {
        new SchemaMigrator(dataSource).migrate();
        scenario = DemoScenario.build(emulator.account(), dataSource);
        becomeTheApplicationsTables(dataSource);
        DemoIntro.print(scenario, emulator.baseUrl(), out);
        out.println("The billing tables are the application's own: accounts (account_id, tier, …, signup_source) and");
        out.println("billing_subscriptions (account_id, stripe_sub_id, state, DATETIME periods, notes, …), no version,");
        out.println("archived_at or last_reconciled_at, and no migration history. SCHEMA_MAP=" + SCHEMA_MAP);
        out.println();
        adopt(dataSource, map, out);
      }
      ReconcilerConfig config = new ReconcilerConfig(
          new StripeSettings(emulator.baseUrl(), Secret.of(emulator.apiKey()), Demo.STRIPE_MAX_RPS,
              Demo.STRIPE_NETWORK_RETRIES),
          database, scenario.rules(), LogLevel.INFO, Optional.empty(), map);
      Engine engine = ProductionWiring.create(config);
      try {
        return new DemoOutcome(Demo.dryRealCheck(engine, out), true);
      } finally {
        if (engine instanceof AutoCloseable closeable) {
          closeable.close();
        }
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("demo --adopted: " + e.getMessage(), e);
    }
  }

  private static void becomeTheApplicationsTables(HikariDataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String sql : AS_THE_APPLICATION_HAS_IT) {
        s.execute(sql);
      }
    }
  }

  private static void adopt(HikariDataSource dataSource, SchemaMap map, PrintWriter out) throws SQLException {
    out.println("== 0. migrate --adopt: add only what the product needs ==");
    SchemaAdopter adopter = new SchemaAdopter(dataSource, map);
    AdoptionPlan plan = adopter.plan();
    if (!plan.blockers().isEmpty()) {
      throw new IllegalStateException("demo --adopted: adoption blocked: " + plan.blockers());
    }
    adopter.apply(plan).forEach(sql -> out.println("ran: " + sql + ";"));
    new SchemaMigrator(dataSource).migrateAdopted().applied()
        .forEach(migration -> out.println("applied migration " + migration));
    out.println();
    out.flush();
  }
}
