package com.subscriptionreconciler.adopt;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md, Several Stripe accounts: an application's adopted tables gain {@code stripe_account} only when
 * {@code STRIPE_ACCOUNTS} asks for it (migration 3 leaves them alone), and {@code SCHEMA_MAP} can name the
 * application's own column instead.
 */
@RealDatabase(migrated = false)
class AdoptWithAccountsTest {
  TestDatabase db;
  AdoptionWorld world;

  @BeforeEach
  void applicationDatabase(TestDatabase database) {
    db = database;
    // one database per class: each test starts from the application's tables alone
    db.execute("DROP TABLE IF EXISTS reconciliation_changes, reconciliation_runs, reconciliation_checkpoints,"
        + " flyway_schema_history, subscriptions, organizations");
    db.execute("""
        CREATE TABLE organizations (
          id                 BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          name               VARCHAR(255) NOT NULL,
          stripe_customer_id VARCHAR(255) NULL,
          region             VARCHAR(8) NULL,
          UNIQUE KEY uq_org_customer (stripe_customer_id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    db.execute("""
        CREATE TABLE subscriptions (
          id                     BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          organization_id        BIGINT NOT NULL,
          stripe_subscription_id VARCHAR(255) NULL,
          status                 VARCHAR(32) NOT NULL,
          region                 VARCHAR(8) NULL
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    world = new AdoptionWorld(db, null);
  }

  @AfterEach
  void close() {
    world.close();
  }

  private void useAccounts() {
    world.env.remove("STRIPE_SECRET_KEY");
    world.env.put("STRIPE_ACCOUNTS", "{\"us\":{\"key\":\"" + world.emulator.apiKey() + "\",\"default\":true}}");
  }

  private boolean hasColumn(String table, String column) {
    return ((Number) db.queryValue("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
        + " AND TABLE_NAME = ? AND COLUMN_NAME = ?", table, column)).intValue() == 1;
  }

  @Test
  void theColumnIsAddedOnlyOnceStripeAccountsAsksForIt() {
    AdoptionWorld.Result adopted = world.cli("migrate", "--adopt");

    assertThat(adopted.exit()).as(adopted.all()).isZero();
    assertThat(hasColumn("organizations", "stripe_account")).as("a single account needs no column").isFalse();
    assertThat(hasColumn("subscriptions", "stripe_account")).isFalse();
    assertThat(hasColumn("reconciliation_runs", "stripe_account")).as("the product's own table").isTrue();

    useAccounts();
    AdoptionWorld.Result reconcile = world.cli("reconcile");
    assertThat(reconcile.exit()).as("the column is missing: a configuration error").isEqualTo(2);
    assertThat(reconcile.err()).contains("STRIPE_ACCOUNTS is set, but table organizations (organizations) has no"
        + " stripe_account column").contains("migrate --adopt with STRIPE_ACCOUNTS set");

    AdoptionWorld.Result dryRun = world.cli("migrate", "--adopt", "--dry-run");
    assertThat(dryRun.out())
        .contains("ALTER TABLE `organizations` ADD COLUMN `stripe_account` VARCHAR(32) NULL")
        .contains("ALTER TABLE `subscriptions` ADD COLUMN")
        .contains("`stripe_account` VARCHAR(32) NULL");
    AdoptionWorld.Result withAccounts = world.cli("migrate", "--adopt");

    assertThat(withAccounts.exit()).as(withAccounts.all()).isZero();
    assertThat(hasColumn("organizations", "stripe_account")).isTrue();
    assertThat(hasColumn("subscriptions", "stripe_account")).isTrue();
    assertThat(world.cli("migrate", "--adopt").out()).contains("nothing to add");
  }

  @Test
  void schemaMapNamesTheApplicationsOwnColumnAndTheDefaultAccountOwnsItsNullRows() {
    world.env.put("SCHEMA_MAP", "{\"organizations\":{\"columns\":{\"stripe_account\":\"region\"}},"
        + "\"subscriptions\":{\"columns\":{\"stripe_account\":\"region\"}}}");
    useAccounts();
    String usCustomer = world.customer("us@example.com");
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id) VALUES (1, 'Us', ?)", usCustomer);
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id, region) VALUES (2, 'Eu', 'cus_euOnly', 'eu')");
    db.execute("INSERT INTO subscriptions (organization_id, stripe_subscription_id, status, region)"
        + " VALUES (2, 'sub_euOnly', 'active', 'eu')");
    String usSubscription = world.subscription(usCustomer, world.proPrice, SubscriptionStatus.ACTIVE);

    AdoptionWorld.Result adopted = world.cli("migrate", "--adopt");
    assertThat(adopted.exit()).as(adopted.all()).isZero();
    assertThat(hasColumn("organizations", "stripe_account")).as("mapped to region, nothing added").isFalse();

    AdoptionWorld.Result reconcile = world.cli("reconcile");

    assertThat(reconcile.exit()).as(reconcile.all()).isZero();
    assertThat(db.queryValue("SELECT region FROM subscriptions WHERE stripe_subscription_id = ?", usSubscription))
        .as("inserted for the default account: NULL").isNull();
    assertThat(db.queryValue("SELECT archived_at FROM subscriptions WHERE stripe_subscription_id = 'sub_euOnly'"))
        .as("eu's row is not the default account's to judge").isNull();
  }

  @Test
  void doctorNamesBothTablesWithoutTheColumnAndPassesTheMappedOne() {
    assertThat(world.cli("migrate", "--adopt").exit()).isZero();
    useAccounts();

    AdoptionWorld.Result missing = world.cli("doctor");

    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.out())
        .contains("FAIL account column         STRIPE_ACCOUNTS is set, but table organizations (organizations) and"
            + " table subscriptions (subscriptions) have no stripe_account column: every run fails at start -> run"
            + " migrate (the product's own tables), or migrate --adopt with STRIPE_ACCOUNTS set (an application's"
            + " adopted tables), or map the column in SCHEMA_MAP")
        .contains("SKIP account rows           needs the stripe_account column")
        .contains("SKIP unlinked subscriptions (us) needs a usable schema");

    world.env.put("SCHEMA_MAP", "{\"organizations\":{\"columns\":{\"stripe_account\":\"region\"}},"
        + "\"subscriptions\":{\"columns\":{\"stripe_account\":\"region\"}}}");
    db.execute("INSERT INTO organizations (id, name, region) VALUES (1, 'Us', NULL), (2, 'Eu', 'eu')");

    AdoptionWorld.Result mapped = world.cli("doctor");

    assertThat(mapped.out())
        .contains("PASS account column         organizations.region and subscriptions.region tell the accounts' rows"
            + " apart")
        .contains("WARN account rows           organizations: us 1; subscriptions: us 0 (rows without a"
            + " stripe_account are us's, the default account); 1 organizations and 0 subscriptions carry a"
            + " stripe_account that is no account of STRIPE_ACCOUNTS ('eu')");
  }
}
