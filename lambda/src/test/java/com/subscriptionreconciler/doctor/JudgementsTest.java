package com.subscriptionreconciler.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.adopt.DatabaseState;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.doctor.Check.Status;
import com.subscriptionreconciler.schema.ColumnType;
import com.subscriptionreconciler.schema.ServerVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every doctor check's decision, passing and failing, from the facts it is given. */
class JudgementsTest {
  static final ColumnType TIER_ENUM =
      new ColumnType("enum", "enum('free','pro','team')", Optional.of(4L), Optional.empty(), false);
  static final ColumnType TIER_VARCHAR =
      new ColumnType("varchar", "varchar(64)", Optional.of(64L), Optional.empty(), true);

  @Test
  void serverVersion() {
    assertThat(DatabaseJudgements.server(ServerVersion.parse("8.4.3")).status()).isEqualTo(Status.PASS);
    assertThat(DatabaseJudgements.server(ServerVersion.parse("11.4.2-MariaDB")).status()).isEqualTo(Status.PASS);
    Check old = DatabaseJudgements.server(ServerVersion.parse("5.7.44-log"));
    assertThat(old.status()).isEqualTo(Status.FAIL);
    assertThat(old.fix()).contains("MySQL 8.0");
  }

  @Test
  void tls() {
    assertThat(DatabaseJudgements.tls("TLS_AES_256_GCM_SHA384", false).status()).isEqualTo(Status.PASS);
    assertThat(DatabaseJudgements.tls("", true).status()).isEqualTo(Status.WARN);
    Check plain = DatabaseJudgements.tls("", false);
    assertThat(plain.status()).isEqualTo(Status.FAIL);
    assertThat(plain.fix()).contains("DB_SSL_MODE");
    assertThat(DatabaseJudgements.isLoopback("jdbc:mysql://127.0.0.1:3306/app")).isTrue();
    assertThat(DatabaseJudgements.isLoopback("jdbc:mysql://db.cluster.eu-west-1.rds.amazonaws.com/app")).isFalse();
  }

  @Test
  void migrations() {
    assertThat(DatabaseJudgements.migrations(DatabaseState.MANAGED, List.of()).status()).isEqualTo(Status.PASS);
    assertThat(DatabaseJudgements.migrations(DatabaseState.MANAGED, List.of("2 reconciliation tables")).fix())
        .isEqualTo("run `migrate`");
    assertThat(DatabaseJudgements.migrations(DatabaseState.EMPTY, List.of()).status()).isEqualTo(Status.FAIL);
    Check application = DatabaseJudgements.migrations(DatabaseState.APPLICATION_TABLES, List.of());
    assertThat(application.status()).isEqualTo(Status.FAIL);
    assertThat(application.fix()).contains("migrate --adopt");
  }

  @Test
  void schema() {
    assertThat(DatabaseJudgements.schema(List.of(), "fine").status()).isEqualTo(Status.PASS);
    Check missing = DatabaseJudgements.schema(List.of("table subs has no column version"), "");
    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.detail()).contains("version");
    assertThat(missing.fix()).contains("migrate --adopt");
    Check mapped = DatabaseJudgements.schema(List.of("SCHEMA_MAP maps subscriptions.status to column sub_state, "
        + "which table subscriptions does not have: correct the name, or remove it from SCHEMA_MAP to let migrate "
        + "--adopt add status"), "");
    assertThat(mapped.fix()).startsWith("correct SCHEMA_MAP first").contains("migrate --adopt refuses");
  }

  @Test
  void tiersFromStripeMetadataAreCheckedWithTheirSource() {
    ReconcileRules rules = new ReconcileRules(Map.of("price_1", "pro"), "free", 0.1, 50);
    StripeTiers stripe = new StripeTiers(Map.of("enterprise", "price price_9 metadata"), "");

    Check misfit = DatabaseJudgements.tiers(rules, stripe, TIER_ENUM, TIER_VARCHAR);

    assertThat(misfit.status()).isEqualTo(Status.FAIL);
    assertThat(misfit.detail()).contains("'enterprise' is not one of").contains("(price price_9 metadata)");
    assertThat(DatabaseJudgements.tiers(rules, StripeTiers.unreadable("prices not readable (HTTP 403)"), TIER_ENUM,
        TIER_VARCHAR).detail())
        .contains("(Stripe: prices not readable (HTTP 403): only the configured tiers were checked)");
  }

  @Test
  void severalAccountsTiersAreJudgedTogetherEachMisfitNamingItsAccounts() {
    ReconcileRules rules = new ReconcileRules(Map.of("price_1", "pro"), "free", 0.1, 50);
    Map<String, StripeTiers> byLabel = new LinkedHashMap<>();
    byLabel.put("us", new StripeTiers(Map.of("team", "price price_t metadata", "gold", "price price_g metadata"),
        "only the first 1000 prices and products were read"));
    byLabel.put("eu", new StripeTiers(Map.of("gold", "product prod_g metadata, price price_e"), ""));
    byLabel.put("apac", StripeTiers.unreadable("products not readable (HTTP 401)"));

    Check misfit = DatabaseJudgements.tiers(rules, StripeTiers.union(byLabel), TIER_ENUM, TIER_ENUM);

    assertThat(misfit.status()).isEqualTo(Status.FAIL);
    assertThat(misfit.detail())
        .contains("subscriptions.plan_tier: 'gold' is not one of the column's values enum('free','pro','team')"
            + " (account us: price price_g metadata and account eu: product prod_g metadata, price price_e)")
        .doesNotContain("price_t ")
        .endsWith(" (Stripe: us: only the first 1000 prices and products were read; apac: products not readable"
            + " (HTTP 401), its prices' tiers were not checked)");
  }

  @Test
  void anAccountsRefusedKeyIsFixedInItsEntryOfStripeAccounts() {
    Check refused = StripeJudgements.forAccount(StripeJudgements.endpoint("/v1/prices", 401, ""), "eu");
    assertThat(refused.name()).isEqualTo("stripe GET /v1/prices (eu)");
    assertThat(refused.fix()).isEqualTo("check account eu's \"key\" or \"secretId\" in STRIPE_ACCOUNTS");
    Check modeless = StripeJudgements.forAccount(StripeJudgements.keyMode("sk_fake_neither"), "eu");
    assertThat(modeless.status()).isEqualTo(Status.FAIL);
    assertThat(modeless.fix()).isEqualTo(
        "set account eu's \"key\" or \"secretId\" in STRIPE_ACCOUNTS to the account's key");
    Check forbidden = StripeJudgements.forAccount(StripeJudgements.endpoint("/v1/prices", 403, ""), "eu");
    assertThat(forbidden.fix()).isEqualTo(StripeJudgements.endpoint("/v1/prices", 403, "").fix());
  }

  @Test
  void tierColumnsHoldEveryConfiguredTier() {
    ReconcileRules fits = new ReconcileRules(Map.of("price_1", "pro", "team_monthly", "team"), "free", 0.1, 50);
    assertThat(DatabaseJudgements.tiers(fits, TIER_ENUM, TIER_VARCHAR).status()).isEqualTo(Status.PASS);
    ReconcileRules enterprise = new ReconcileRules(Map.of("price_1", "enterprise"), "free", 0.1, 50);
    Check misfit = DatabaseJudgements.tiers(enterprise, TIER_ENUM, TIER_VARCHAR);
    assertThat(misfit.status()).isEqualTo(Status.FAIL);
    assertThat(misfit.detail()).contains("subscriptions.plan_tier: 'enterprise' is not one of");
    ReconcileRules defaultTier = new ReconcileRules(Map.of(), "basic", 0.1, 50);
    assertThat(DatabaseJudgements.tiers(defaultTier, TIER_VARCHAR, TIER_ENUM).detail())
        .contains("organizations.plan_tier: 'basic'");
  }

  @Test
  void grants() {
    assertThat(DatabaseJudgements.grants(List.of(), List.of()).status()).isEqualTo(Status.PASS);
    assertThat(DatabaseJudgements.grants(List.of(), List.of("ALTER")).status()).isEqualTo(Status.WARN);
    Check missing = DatabaseJudgements.grants(List.of("UPDATE on subscriptions"), List.of());
    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.detail()).contains("UPDATE on subscriptions");
  }

  @Test
  void grantsThatCannotBeRead() {
    assertThat(DatabaseJudgements.grantsUnreadable(1290, "running with the --skip-grant-tables option").status())
        .isEqualTo(Status.PASS);
    assertThat(DatabaseJudgements.grantsUnreadable(1142, "SHOW command denied").status()).isEqualTo(Status.WARN);
  }

  @Test
  void grantsAreReadFromShowGrants() {
    Grants everything = Grants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"),
        "app");
    assertThat(everything.missing(Grants.FOR_RUNS, List.of("subscriptions"))).isEmpty();
    assertThat(everything.missingOnDatabase(Grants.FOR_MIGRATE)).isEmpty();
    Grants narrow = Grants.parse(List.of(
        "GRANT USAGE ON *.* TO `reconciler`@`%`",
        "GRANT SELECT, INSERT ON `app`.* TO `reconciler`@`%`",
        "GRANT UPDATE ON `app`.`subscriptions` TO `reconciler`@`%`",
        "GRANT UPDATE ON `other`.* TO `reconciler`@`%`"), "app");
    assertThat(narrow.missing(Grants.FOR_RUNS, List.of("subscriptions", "organizations")))
        .containsExactly("UPDATE on organizations");
    assertThat(narrow.missingOnDatabase(Grants.FOR_MIGRATE)).containsExactly("CREATE", "ALTER", "INDEX", "REFERENCES");
  }

  @Test
  void linkedOrganizations() {
    assertThat(DatabaseJudgements.linkedOrganizations(10, 0).status()).isEqualTo(Status.PASS);
    assertThat(DatabaseJudgements.linkedOrganizations(10, 3).status()).isEqualTo(Status.WARN);
    assertThat(DatabaseJudgements.linkedOrganizations(10, 10).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void stripeKeyMode() {
    assertThat(StripeJudgements.keyMode("rk_live_abc").detail()).isEqualTo("live mode, restricted key");
    assertThat(StripeJudgements.keyMode("sk_live_abc").status()).isEqualTo(Status.PASS);
    assertThat(StripeJudgements.keyMode("sk_test_abc").status()).isEqualTo(Status.WARN);
    Check odd = StripeJudgements.keyMode("sk_abc");
    assertThat(odd.status()).isEqualTo(Status.FAIL);
    assertThat(odd.toString()).doesNotContain("sk_abc");
  }

  @Test
  void endpointAccess() {
    assertThat(StripeJudgements.endpoint("/v1/events", 200, "").status()).isEqualTo(Status.PASS);
    Check restricted = StripeJudgements.endpoint("/v1/events", 403, "");
    assertThat(restricted.status()).isEqualTo(Status.FAIL);
    assertThat(restricted.fix()).contains("Read access");
    assertThat(StripeJudgements.endpoint("/v1/events", 401, "").status()).isEqualTo(Status.FAIL);
    assertThat(StripeJudgements.endpoint("/v1/events", 429, "rate_limit").status()).isEqualTo(Status.WARN);
  }

  @Test
  void clockSkew() {
    Instant stripe = Instant.parse("2026-11-30T12:00:00Z");
    assertThat(StripeJudgements.clock(stripe.plusSeconds(2), stripe).status()).isEqualTo(Status.PASS);
    Check behind = StripeJudgements.clock(stripe.minusSeconds(300), stripe);
    assertThat(behind.status()).isEqualTo(Status.FAIL);
    assertThat(behind.detail()).isEqualTo("this clock is 300 s behind Stripe's");
    assertThat(StripeProbe.httpDate("Mon, 30 Nov 2026 12:00:00 GMT")).contains(stripe);
  }

  @Test
  void unlinkedSubscriptions() {
    assertThat(StripeJudgements.unlinked(40, 0, true).status()).isEqualTo(Status.PASS);
    assertThat(StripeJudgements.unlinked(40, 3, true).status()).isEqualTo(Status.WARN);
    Check all = StripeJudgements.unlinked(500, 500, false);
    assertThat(all.status()).isEqualTo(Status.FAIL);
    assertThat(all.detail()).contains("of the newest 500");
  }

  @Test
  void accountCustomersAreCountedWithWhatAnOrganizationMayHold() {
    assertThat(StripeJudgements.accountCustomers(40, 0, true).detail())
        .isEqualTo("none of all 40 Stripe subscriptions has a customer_account");
    Check some = StripeJudgements.accountCustomers(500, 7, false);
    assertThat(some.status()).isEqualTo(Status.PASS);
    assertThat(some.detail()).startsWith("7 of the newest 500 Stripe subscriptions have a customer represented as an"
        + " Account").contains("acct_… or cus_…");
  }

  @Test
  void unmatchedOrganizations() {
    Check malformed = StripeJudgements.unmatchedOrganizations(2, 0);
    assertThat(malformed.status()).isEqualTo(Status.WARN);
    assertThat(malformed.detail()).startsWith("2 organizations have a stripe_customer_id that is neither");
    assertThat(malformed.fix()).contains("acct_…");
    assertThat(StripeJudgements.unmatchedOrganizations(0, -1).status()).isEqualTo(Status.PASS);
    assertThat(StripeJudgements.unmatchedOrganizations(0, 0).status()).isEqualTo(Status.PASS);
    Check unmatched = StripeJudgements.unmatchedOrganizations(0, 3);
    assertThat(unmatched.status()).isEqualTo(Status.WARN);
    assertThat(unmatched.detail()).startsWith("3 organizations have a customer id no Stripe subscription names");
  }

  @Test
  void testClocksAreCountedInASandbox() {
    assertThat(StripeJudgements.testClocks(0, false).detail()).isEqualTo("none in this sandbox");
    assertThat(StripeJudgements.testClocks(3, false).detail()).startsWith("3 test clocks in this sandbox");
    assertThat(StripeJudgements.testClocks(100, true).detail()).startsWith("more than 100 test clocks");
    assertThat(StripeJudgements.sandbox("rk_test_fake")).isTrue();
    assertThat(StripeJudgements.sandbox("sk_live_fake_x")).isFalse();
  }

  @Test
  void subscriptionsWithMoreItemsThanEmbeddedAreCountedAndTheirEndpointChecked() {
    assertThat(StripeJudgements.subscriptionItems(40, 0, true, 200, "").detail())
        .isEqualTo("none of all 40 Stripe subscriptions has more than 10 items (all a list page embeds)");
    Check read = StripeJudgements.subscriptionItems(500, 3, false, 200, "");
    assertThat(read.status()).isEqualTo(Status.PASS);
    assertThat(read.detail()).isEqualTo("3 of the newest 500 Stripe subscriptions have more than 10 items, more"
        + " than a list page embeds: a run reads the rest from GET /v1/subscription_items (one more request each,"
        + " per 100 items)");
    Check refused = StripeJudgements.subscriptionItems(40, 2, true, 403, "");
    assertThat(refused.status()).isEqualTo(Status.FAIL);
    assertThat(refused.detail()).startsWith("2 of all 40 Stripe subscriptions have more than 10 items")
        .endsWith("; that GET answered 403: the key may not read this");
    assertThat(refused.fix()).startsWith("give the restricted key Read access to subscription items");
    assertThat(StripeJudgements.subscriptionItems(40, 2, true, 401, "").fix())
        .isEqualTo("check STRIPE_SECRET_KEY / STRIPE_SECRET_ID");
  }

  @Test
  void theAccountColumnMustBeInBothBillingTables() {
    Check both = AccountJudgements.column(List.of(), List.of("organizations.stripe_account", "subs.region"));
    assertThat(both.status()).isEqualTo(Status.PASS);
    assertThat(both.detail()).isEqualTo("organizations.stripe_account and subs.region tell the accounts' rows apart");
    Check missing = AccountJudgements.column(List.of("table subs (subscriptions)"), List.of("organizations.x"));
    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.detail()).isEqualTo("STRIPE_ACCOUNTS is set, but table subs (subscriptions) has no"
        + " stripe_account column: every run fails at start");
    assertThat(missing.fix()).isEqualTo("run migrate (the product's own tables), or migrate --adopt with"
        + " STRIPE_ACCOUNTS set (an application's adopted tables), or map the column in SCHEMA_MAP");
  }

  @Test
  void rowsAreCountedPerAccountWithUnlabelledRowsTheDefaultsAndStrayLabelsWarned() {
    List<String> labels = List.of("us", "eu");
    Check known = AccountJudgements.rows(labels, "us",
        List.of(new AccountJudgements.LabelCount(null, 3), new AccountJudgements.LabelCount("us", 2),
            new AccountJudgements.LabelCount("eu", 4)),
        List.of(new AccountJudgements.LabelCount("eu", 1)));
    assertThat(known.status()).isEqualTo(Status.PASS);
    assertThat(known.detail()).isEqualTo("organizations: us 5, eu 4; subscriptions: us 0, eu 1 (rows without a"
        + " stripe_account are us's, the default account)");
    Check stray = AccountJudgements.rows(labels, "us",
        List.of(new AccountJudgements.LabelCount("apac", 2), new AccountJudgements.LabelCount("sk_live_fake_Key", 1)),
        List.of(new AccountJudgements.LabelCount("apac", 6), new AccountJudgements.LabelCount(null, 1)));
    assertThat(stray.status()).isEqualTo(Status.WARN);
    assertThat(stray.detail()).isEqualTo("organizations: us 0, eu 0; subscriptions: us 1, eu 0 (rows without a"
        + " stripe_account are us's, the default account); 3 organizations and 6 subscriptions carry a"
        + " stripe_account that is no account of STRIPE_ACCOUNTS ('apac', (not a valid label)): no run reads or"
        + " writes them");
    assertThat(stray.fix()).startsWith("add those accounts to STRIPE_ACCOUNTS");
  }

  @Test
  void reportExitCodeAndOneLinePerCheck() {
    DoctorReport ok = new DoctorReport(List.of(Check.pass("a", "fine"), Check.warn("b", "hm", "do x")));
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.text().lines()).hasSize(3).last().isEqualTo("doctor: all checks passed");
    DoctorReport failed = new DoctorReport(List.of(Check.pass("a", "fine"), Check.fail("b", "broken", "fix it")));
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.text()).contains("FAIL b").contains("broken -> fix it");
    assertThat(failed.json().get("checks").get(1).get("status").asText()).isEqualTo("fail");
  }
}
