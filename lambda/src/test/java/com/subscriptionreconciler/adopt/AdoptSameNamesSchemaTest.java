package com.subscriptionreconciler.adopt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An application that happens to use the product's table names (no {@code SCHEMA_MAP}) but far fewer columns: no
 * {@code subscription_status}, {@code created_at} or {@code stripe_price_id}, a status ENUM, an 8-character tier
 * column, second-precision times, a JSON column of its own and an index the product would otherwise add.
 */
@RealDatabase(migrated = false)
class AdoptSameNamesSchemaTest {
  static final List<String> ORGANIZATION_COLUMNS = List.of("id", "name", "stripe_customer_id", "plan_tier", "crm_id");
  static final List<String> SUBSCRIPTION_COLUMNS = List.of("id", "organization_id", "stripe_subscription_id",
      "stripe_customer_id", "status", "plan_tier", "current_period_end", "app_flags");
  private static final ObjectMapper JSON = new ObjectMapper();

  TestDatabase db;
  AdoptionWorld world;
  String proSub;
  String enterpriseSub;

  @BeforeEach
  void applicationDatabase(TestDatabase database) {
    db = database;
    for (String table : List.of("reconciliation_changes", "reconciliation_checkpoints", "reconciliation_runs",
        "flyway_schema_history", "subscriptions", "organizations")) {
      db.execute("DROP TABLE IF EXISTS " + table);
    }
    db.execute("""
        CREATE TABLE organizations (
          id                 BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          name               VARCHAR(255) NOT NULL,
          stripe_customer_id VARCHAR(255) NULL,
          plan_tier          VARCHAR(8) NOT NULL DEFAULT 'free',
          crm_id             CHAR(12) NULL,
          UNIQUE KEY uq_org_customer (stripe_customer_id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    db.execute("""
        CREATE TABLE subscriptions (
          id                     BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          organization_id        BIGINT NOT NULL,
          stripe_subscription_id VARCHAR(255) NULL,
          stripe_customer_id     VARCHAR(255) NULL,
          status ENUM('active','trialing','past_due','canceled','unpaid','incomplete','incomplete_expired','paused')
                                 NOT NULL,
          plan_tier              VARCHAR(8) NULL,
          current_period_end     DATETIME(0) NULL,
          app_flags              JSON NULL,
          KEY app_subscription_lookup (stripe_subscription_id, status),
          CONSTRAINT fk_app_subscription_org FOREIGN KEY (organization_id) REFERENCES organizations (id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    world = new AdoptionWorld(db, null);
    String acme = world.customer("acme@example.com");
    String initech = world.customer("initech@example.com");
    proSub = world.subscription(acme, world.proPrice, SubscriptionStatus.ACTIVE);
    enterpriseSub = world.subscription(initech, world.enterprisePrice, SubscriptionStatus.ACTIVE);
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id, plan_tier, crm_id) VALUES"
        + " (1, 'Acme', ?, 'free', 'CRM-0000001'), (2, 'Initech', ?, 'pro', 'CRM-0000002')", acme, initech);
    db.execute("INSERT INTO subscriptions (id, organization_id, stripe_subscription_id, stripe_customer_id, status,"
        + " plan_tier, current_period_end, app_flags) VALUES"
        + " (1, 1, ?, ?, 'canceled', 'free', '2020-01-01 00:00:00', '{\"beta\": true}'),"
        + " (2, 2, ?, ?, 'active', 'pro', NULL, NULL)", proSub, acme, enterpriseSub, initech);
  }

  @AfterEach
  void close() {
    world.close();
  }

  @Test
  void liveRowsSharingAnIdKeepTheIndexOutUntilArchivedAndDoctorSaysHow() {
    db.execute("INSERT INTO subscriptions (id, organization_id, stripe_subscription_id, status) VALUES"
        + " (3, 2, ?, 'active')", enterpriseSub);

    AdoptionWorld.Result adopted = world.cli("migrate", "--adopt");

    assertThat(adopted.exit()).as(adopted.all()).isZero();
    assertThat(world.showCreate("subscriptions")).doesNotContain("rcn_subscriptions_live_id");
    AdoptionWorld.Result doctor = world.cli("doctor");
    assertThat(doctor.exit()).isEqualTo(1);
    assertThat(doctor.out()).contains("FAIL live rows").contains(enterpriseSub)
        .contains("archive all but one live row of each").contains("then run migrate --adopt");
    world.env.put("STRIPE_WEBHOOK_SECRET", "whsec_test_fake_not_a_secret");
    AdoptionWorld.Result listen = assertTimeoutPreemptively(Duration.ofMinutes(1),
        () -> world.cli("listen", "--port", "0"));
    assertThat(listen.exit()).as(listen.all()).isEqualTo(2);
    assertThat(listen.err()).contains("the real-time path needs one live row per subscription id")
        .contains(enterpriseSub).contains("then run migrate --adopt");

    db.execute("UPDATE subscriptions SET archived_at = '2026-01-01 00:00:00' WHERE id = 3");
    assertThat(world.cli("migrate", "--adopt").exit()).isZero();

    assertThat(world.showCreate("subscriptions")).contains("UNIQUE KEY `rcn_subscriptions_live_id`");
    assertThat(world.cli("doctor").out()).contains("PASS live rows");
    assertThat(world.definitions("subscriptions")).anyMatch(d -> d.startsWith("rcn_live_stripe_subscription_id|"));
  }

  @Test
  void addsOnlyWhatIsMissingKeepsEveryValueAndReportsWhatTheColumnsCannotHold() throws Exception {
    List<String> organizations = world.dump("organizations", ORGANIZATION_COLUMNS, "id");
    List<String> subscriptions = world.dump("subscriptions", SUBSCRIPTION_COLUMNS, "id");
    List<String> subscriptionDefinitions = world.definitions("subscriptions");

    AdoptionWorld.Result adopted = world.cli("migrate", "--adopt");

    assertThat(adopted.exit()).as(adopted.all()).isZero();
    assertThat(adopted.out())
        .contains("ADD COLUMN `subscription_status` VARCHAR(32) NOT NULL DEFAULT 'none'")
        .contains("ADD COLUMN `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)")
        // the application's (stripe_subscription_id, status) index already serves the product's lookup
        .doesNotContain("rcn_subscriptions_stripe_subscription_id")
        // ... but it is not unique: one live row per subscription id is kept by a generated column's unique index
        .contains("ADD UNIQUE INDEX `rcn_subscriptions_live_id` (`rcn_live_stripe_subscription_id`)");
    assertThat(world.showCreate("subscriptions")).containsPattern("UNIQUE KEY `rcn_subscriptions_live_id`");
    assertThat(world.cli("doctor").out()).contains("PASS live rows");
    assertThat(world.dump("organizations", ORGANIZATION_COLUMNS, "id")).isEqualTo(organizations);
    assertThat(world.dump("subscriptions", SUBSCRIPTION_COLUMNS, "id")).isEqualTo(subscriptions);
    assertThat(world.definitions("subscriptions")).startsWith(subscriptionDefinitions.toArray(String[]::new));
    assertThat(world.cli("migrate").exit()).isZero();

    AdoptionWorld.Result first = world.cli("reconcile", "--format", "json");
    JsonNode report = JSON.readTree(first.out());

    // "enterprise" is 10 characters, the application's tier column holds 8: refused with the reason, not cut
    assertThat(first.exit()).as(first.all()).isEqualTo(4);
    assertThat(report.get("status").asText()).isEqualTo("partial");
    assertThat(report.toString()).contains(enterpriseSub).contains("the value is 10 characters, the column holds 8");
    assertThat(db.query("SELECT plan_tier FROM subscriptions WHERE id = 2")).containsExactly(Map.of("plan_tier", "pro"));
    assertThat(db.query("SELECT status, plan_tier, stripe_price_id, app_flags FROM subscriptions WHERE id = 1"))
        .containsExactly(Map.of("status", "active", "plan_tier", "pro", "stripe_price_id", "price_pro",
            "app_flags", "{\"beta\": true}"));
    assertThat(db.query("SELECT plan_tier, subscription_status, crm_id FROM organizations WHERE id = 1"))
        .containsExactly(Map.of("plan_tier", "pro", "subscription_status", "active", "crm_id", "CRM-0000001"));

    List<String> afterFirst = world.dump("subscriptions", SUBSCRIPTION_COLUMNS, "id");
    JsonNode second = JSON.readTree(world.cli("reconcile", "--format", "json").out());
    assertThat(second.get("synchronized").asInt() + second.get("created").asInt() + second.get("archived").asInt())
        .as(second.toString()).isZero();
    assertThat(second.get("driftByField").toString()).doesNotContain("current_period_end");
    assertThat(world.dump("subscriptions", SUBSCRIPTION_COLUMNS, "id")).isEqualTo(afterFirst);
  }
}
