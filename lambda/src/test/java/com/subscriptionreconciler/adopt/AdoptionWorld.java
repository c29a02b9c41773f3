package com.subscriptionreconciler.adopt;

import com.subscriptionreconciler.cli.CliSeams;
import com.subscriptionreconciler.cli.Main;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An application's database before the product arrives, and the product's CLI pointed at it exactly as an operator
 * would run it ({@code java -jar … migrate --adopt}, {@code reconcile}): the real CLI, the real engine, the Stripe
 * emulator over HTTP. Table dumps are taken with SQL, value by value as hex, so "unchanged" means byte for byte.
 */
final class AdoptionWorld implements AutoCloseable {
  final StripeEmulator emulator = StripeEmulator.start();
  final EmulatedAccount account = emulator.account();
  final TestDatabase db;
  final Map<String, String> env = new HashMap<>();
  final String proPrice;
  final String teamPrice;
  final String enterprisePrice;

  AdoptionWorld(TestDatabase db, String schemaMap) {
    this.db = db;
    String product = account.createProduct("prod_app", "App", Map.of());
    proPrice = account.createPrice(PriceSpec.monthly(product, "pro_monthly", 4900).withId("price_pro"));
    teamPrice = account.createPrice(PriceSpec.monthly(product, "team_monthly", 9900).withId("price_team"));
    enterprisePrice = account.createPrice(PriceSpec.monthly(product, "ent_monthly", 99900).withId("price_ent"));
    env.put("JDBC_URL", db.jdbcUrl());
    env.put("DB_USER", db.user());
    env.put("DB_PASSWORD", db.password().reveal());
    env.put("STRIPE_SECRET_KEY", emulator.apiKey());
    env.put("STRIPE_API_BASE", emulator.baseUrl());
    env.put("PLAN_TIER_MAP", "{\"pro_monthly\":\"pro\",\"team_monthly\":\"team\",\"ent_monthly\":\"enterprise\"}");
    // the first run on an adopted database fixes years of drift at once: the guard is for later runs
    env.put("MAX_CHANGE_RATIO", "1");
    if (schemaMap != null) {
      env.put("SCHEMA_MAP", schemaMap);
    }
  }

  String customer(String email) {
    return account.createCustomer(CustomerSpec.of(email));
  }

  String subscription(String customer, String price, SubscriptionStatus status) {
    return account.createSubscription(SubscriptionSpec.forCustomer(customer).price(price).status(status));
  }

  /** {@code logs}: the log lines written meanwhile (stdout under the tests' logging; stderr in the CLI jar). */
  record Result(int exit, String out, String err, String logs) {
    String all() {
      return out + err;
    }
  }

  Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (CapturedOutput logs = CapturedOutput.start()) {
      int exit = Main.execute(args, Environment.of(env), new PrintWriter(out), new PrintWriter(err),
          CliSeams.defaults());
      return new Result(exit, out.toString(), err.toString(), logs.raw());
    }
  }

  /** Every row of {@code table}, each value of {@code columns} as hex of its bytes (NULL as NULL), by {@code key}. */
  List<String> dump(String table, List<String> columns, String key) {
    String values = columns.stream()
        .map(c -> "IFNULL(HEX(`" + c + "`), 'NULL')")
        .collect(Collectors.joining(", '|', "));
    return db.query("SELECT CONCAT(" + values + ") AS v FROM `" + table + "` ORDER BY `" + key + "`").stream()
        .map(r -> (String) r.get("v"))
        .toList();
  }

  /** Each column's name, full type, nullability, default and extra, as the catalogue has them. */
  List<String> definitions(String table) {
    return db.query("SELECT CONCAT_WS('|', COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, IFNULL(COLUMN_DEFAULT, 'NULL'),"
            + " EXTRA, IFNULL(COLLATION_NAME, '')) AS d FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", table).stream()
        .map(r -> (String) r.get("d"))
        .toList();
  }

  /** The table's definition as the server prints it. */
  String showCreate(String table) {
    return (String) db.query("SHOW CREATE TABLE `" + table + "`").get(0).get("Create Table");
  }

  boolean tableExists(String table) {
    return ((Number) db.queryValue("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
        + " AND TABLE_NAME = ?", table)).longValue() > 0;
  }

  @Override
  public void close() {
    emulator.close();
  }
}
