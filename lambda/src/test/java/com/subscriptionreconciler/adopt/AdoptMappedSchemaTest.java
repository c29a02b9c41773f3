package com.subscriptionreconciler.adopt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An application that named everything its own way: {@code accounts} and {@code billing_subscriptions}, INT keys,
 * an ENUM tier without "enterprise", second-precision DATETIME columns, columns of its own ({@code signup_source},
 * {@code notes}), a foreign key, and none of the product's bookkeeping columns. Adopted through {@code SCHEMA_MAP},
 * then reconciled.
 */
@RealDatabase(migrated = false)
class AdoptMappedSchemaTest {
  static final String SCHEMA_MAP = """
      {"organizations":{"table":"accounts","columns":{"id":"account_id","name":"display_name",
        "stripe_customer_id":"stripe_cus","plan_tier":"tier","subscription_status":"billing_state"}},
       "subscriptions":{"table":"billing_subscriptions","columns":{"id":"sub_pk","organization_id":"account_id",
        "stripe_subscription_id":"stripe_sub_id","stripe_customer_id":"stripe_cus","stripe_price_id":"price",
        "plan_tier":"tier","status":"state","quantity":"seats","current_period_start":"period_start",
        "current_period_end":"period_end","created_at":"inserted_at"}}}""";
  static final List<String> ACCOUNT_COLUMNS =
      List.of("account_id", "display_name", "stripe_cus", "tier", "billing_state", "signup_source", "created");
  static final List<String> SUBSCRIPTION_COLUMNS =
      List.of("sub_pk", "account_id", "stripe_sub_id", "stripe_cus", "price", "tier", "state", "seats",
          "period_start", "period_end", "cancel_at_period_end", "canceled_at", "notes", "inserted_at");
  private static final ObjectMapper JSON = new ObjectMapper();

  TestDatabase db;
  AdoptionWorld world;
  String proSub;
  String teamSub;
  String enterpriseSub;

  @BeforeEach
  void applicationDatabase(TestDatabase database) {
    db = database;
    db.execute("""
        CREATE TABLE accounts (
          account_id    INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          display_name  VARCHAR(100) NOT NULL,
          stripe_cus    VARCHAR(64) NULL,
          tier          ENUM('free','pro','team') NOT NULL DEFAULT 'free',
          billing_state VARCHAR(20) NOT NULL DEFAULT 'none',
          signup_source VARCHAR(32) NULL,
          created       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    db.execute("""
        CREATE TABLE billing_subscriptions (
          sub_pk               INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          account_id           INT NOT NULL,
          stripe_sub_id        VARCHAR(64) NULL,
          stripe_cus           VARCHAR(64) NULL,
          price                VARCHAR(64) NULL,
          tier                 ENUM('free','pro','team') NULL,
          state                VARCHAR(20) NOT NULL,
          seats                INT NULL,
          period_start         DATETIME NULL,
          period_end           DATETIME NULL,
          cancel_at_period_end TINYINT(1) NOT NULL DEFAULT 0,
          canceled_at          DATETIME NULL,
          notes                TEXT NULL,
          inserted_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
          CONSTRAINT fk_billing_subscriptions_account FOREIGN KEY (account_id) REFERENCES accounts (account_id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    world = new AdoptionWorld(db, SCHEMA_MAP);
    String acme = world.customer("acme@example.com");
    String globex = world.customer("globex@example.com");
    String initech = world.customer("initech@example.com");
    proSub = world.subscription(acme, world.proPrice, SubscriptionStatus.ACTIVE);
    teamSub = world.subscription(globex, world.teamPrice, SubscriptionStatus.TRIALING);
    enterpriseSub = world.subscription(initech, world.enterprisePrice, SubscriptionStatus.ACTIVE);
    db.execute("INSERT INTO accounts (account_id, display_name, stripe_cus, tier, billing_state, signup_source, created)"
        + " VALUES (1, 'Acme', ?, 'free', 'past_due', 'ads', '2024-01-02 03:04:05'),"
        + " (2, 'Globex', ?, 'free', 'none', NULL, '2024-02-03 04:05:06'),"
        + " (3, 'Initech', ?, 'pro', 'active', 'referral', '2024-03-04 05:06:07'),"
        + " (4, 'No Stripe yet', NULL, 'free', 'none', 'sales', '2024-04-05 06:07:08')", acme, globex, initech);
    // the webhook handler missed the upgrade to active, and never saw Globex's trial at all
    db.execute("INSERT INTO billing_subscriptions (sub_pk, account_id, stripe_sub_id, stripe_cus, price, tier, state,"
        + " seats, notes, inserted_at) VALUES"
        + " (10, 1, ?, ?, 'price_pro', 'free', 'past_due', 1, 'migrated from v1', '2024-01-02 03:04:05'),"
        + " (11, 3, ?, ?, 'price_pro', 'pro', 'active', 1, NULL, '2024-03-04 05:06:07')",
        proSub, acme, enterpriseSub, initech);
  }

  @AfterEach
  void close() {
    world.close();
  }

  @Test
  void adoptsWithoutChangingAByteThenReconcilesThroughTheMapping() throws Exception {
    List<String> accounts = world.dump("accounts", ACCOUNT_COLUMNS, "account_id");
    List<String> subscriptions = world.dump("billing_subscriptions", SUBSCRIPTION_COLUMNS, "sub_pk");
    List<String> accountExtras =
        world.dump("accounts", List.of("account_id", "display_name", "signup_source", "created"), "account_id");
    List<String> accountDefinitions = world.definitions("accounts");
    List<String> subscriptionDefinitions = world.definitions("billing_subscriptions");

    AdoptionWorld.Result before = world.cli("doctor");
    assertThat(before.exit()).isEqualTo(1);
    assertThat(before.out()).contains("FAIL migrations").contains("migrate --adopt")
        .contains("FAIL schema").contains("has no column version");

    AdoptionWorld.Result plain = world.cli("migrate");
    assertThat(plain.exit()).isEqualTo(2);
    assertThat(plain.out()).as("the explanation is the command's output").contains("not created by this product")
        .contains("migrate --adopt").contains("adds cancel_at, ended_at").contains("version");
    assertThat(plain.err()).isEmpty();
    assertThat(world.tableExists("flyway_schema_history")).isFalse();

    AdoptionWorld.Result dryRun = world.cli("migrate", "--adopt", "--dry-run");
    assertThat(dryRun.exit()).isZero();
    assertThat(dryRun.out())
        .contains("ALTER TABLE `billing_subscriptions` ADD COLUMN `cancel_at` DATETIME(3) NULL")
        .contains("ADD COLUMN `version` INT NOT NULL DEFAULT 0")
        .contains("ALTER TABLE `accounts` ADD COLUMN `last_reconciled_at` DATETIME(3) NULL")
        .contains("ADD INDEX `rcn_subscriptions_stripe_subscription_id` (`stripe_sub_id`)")
        .contains("AS (IF(`archived_at` IS NULL, `stripe_sub_id`, NULL)) VIRTUAL")
        .doesNotContain("DROP").doesNotContain("MODIFY").doesNotContain("CHANGE");
    assertThat(world.definitions("billing_subscriptions")).isEqualTo(subscriptionDefinitions);
    assertThat(world.tableExists("flyway_schema_history")).isFalse();

    AdoptionWorld.Result adopted = world.cli("migrate", "--adopt");
    assertThat(adopted.exit()).as(adopted.all()).isZero();
    List<String> ran = adopted.out().lines().filter(l -> l.startsWith("ran: ")).toList();
    assertThat(ran).isNotEmpty();
    for (String line : ran) {
      String statement = line.substring("ran: ".length(), line.length() - 1);
      // once on stdout; no log line ends with it (a refused variant with its ALGORITHM clause may be logged)
      assertThat(adopted.out()).as("printed once: " + statement).containsOnlyOnce(statement + ";");
      assertThat(adopted.err()).doesNotContain(statement);
      assertThat(adopted.logs()).as("logged again: " + statement).doesNotContain(statement + "\"");
    }
    assertThat(world.dump("accounts", ACCOUNT_COLUMNS, "account_id")).isEqualTo(accounts);
    assertThat(world.dump("billing_subscriptions", SUBSCRIPTION_COLUMNS, "sub_pk")).isEqualTo(subscriptions);
    assertThat(world.definitions("accounts")).startsWith(accountDefinitions.toArray(String[]::new));
    assertThat(world.definitions("billing_subscriptions"))
        .startsWith(subscriptionDefinitions.toArray(String[]::new));
    assertThat(world.showCreate("billing_subscriptions")).contains("fk_billing_subscriptions_account");
    assertThat(world.tableExists("reconciliation_runs")).isTrue();
    assertThat(db.query("SELECT version, type FROM flyway_schema_history ORDER BY installed_rank"))
        .extracting(r -> r.get("version") + " " + r.get("type"))
        .containsExactly("1 BASELINE", "2 SQL", "3 JDBC");
    String accountsAdopted = world.showCreate("accounts");
    String subscriptionsAdopted = world.showCreate("billing_subscriptions");

    // adopted: only the application's ENUM, which cannot hold "enterprise", is left for doctor to point at
    AdoptionWorld.Result after = world.cli("doctor");
    assertThat(after.out()).contains("PASS migrations").contains("PASS schema").contains("PASS live rows")
        .contains("FAIL tier columns").contains("'enterprise' is not one of the column's values");

    AdoptionWorld.Result again = world.cli("migrate", "--adopt");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("nothing to add").contains("up to date");
    assertThat(world.showCreate("accounts")).isEqualTo(accountsAdopted);
    assertThat(world.showCreate("billing_subscriptions")).isEqualTo(subscriptionsAdopted);

    AdoptionWorld.Result first = world.cli("reconcile", "--format", "json");
    JsonNode report = JSON.readTree(first.out());
    // Initech's enterprise plan does not fit the application's ENUM: a per-item error, the rest is applied
    assertThat(first.exit()).as(first.all()).isEqualTo(4);
    assertThat(report.get("status").asText()).isEqualTo("partial");
    assertThat(report.get("created").asInt()).isEqualTo(1);
    assertThat(report.toString()).contains("'enterprise' is not one of the column's values enum('free','pro','team')");
    Map<String, Object> acme = db.query("SELECT * FROM billing_subscriptions WHERE sub_pk = 10").get(0);
    assertThat(acme).containsEntry("state", "active").containsEntry("tier", "pro")
        .containsEntry("notes", "migrated from v1").containsEntry("version", 1);
    assertThat(acme.get("period_end")).isNotNull();
    assertThat(db.query("SELECT state, tier, account_id FROM billing_subscriptions WHERE stripe_sub_id = ?", teamSub))
        .containsExactly(Map.of("state", "trialing", "tier", "team", "account_id", 2));
    assertThat(db.query("SELECT tier, billing_state, signup_source FROM accounts WHERE account_id = 1"))
        .containsExactly(Map.of("tier", "pro", "billing_state", "active", "signup_source", "ads"));
    assertThat(db.query("SELECT tier, state FROM billing_subscriptions WHERE sub_pk = 11"))
        .containsExactly(Map.of("tier", "pro", "state", "active"));
    // the application's own columns are never touched, not even by the run that fixed the drift
    assertThat(world.dump("accounts", List.of("account_id", "display_name", "signup_source", "created"), "account_id"))
        .isEqualTo(accountExtras);
    assertThat(db.query("SELECT notes, inserted_at FROM billing_subscriptions WHERE sub_pk IN (10, 11) ORDER BY sub_pk"))
        .extracting(r -> r.get("notes") + " " + r.get("inserted_at"))
        .containsExactly("migrated from v1 2024-01-02T03:04:05", "null 2024-03-04T05:06:07");
    assertThat(world.emulator.writeAttempts()).isZero();

    List<String> afterFirst = world.dump("billing_subscriptions", SUBSCRIPTION_COLUMNS, "sub_pk");
    List<String> accountsAfterFirst = world.dump("accounts", ACCOUNT_COLUMNS, "account_id");
    AdoptionWorld.Result second = world.cli("reconcile", "--format", "json");
    JsonNode secondReport = JSON.readTree(second.out());
    assertThat(secondReport.get("synchronized").asInt() + secondReport.get("created").asInt()
        + secondReport.get("archived").asInt()).as(second.out()).isZero();
    // DATETIME without fractions holds Stripe's whole seconds: no drift from precision on the second run
    assertThat(secondReport.get("driftByField").toString()).doesNotContain("current_period");
    assertThat(world.dump("billing_subscriptions", SUBSCRIPTION_COLUMNS, "sub_pk")).isEqualTo(afterFirst);
    assertThat(world.dump("accounts", ACCOUNT_COLUMNS, "account_id")).isEqualTo(accountsAfterFirst);
  }
}
