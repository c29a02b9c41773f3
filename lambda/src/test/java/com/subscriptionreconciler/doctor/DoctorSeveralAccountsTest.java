package com.subscriptionreconciler.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.cli.CliSeams;
import com.subscriptionreconciler.cli.Main;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.testing.AccountSeeds;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code doctor} with two Stripe accounts ({@code STRIPE_ACCOUNTS}), through the CLI, against a real database
 * whose tier columns are an application's ENUM and one emulator serving both accounts' keys: every account's
 * prices count for the tier check, and each account's Stripe checks say which account they are about.
 */
@RealDatabase
class DoctorSeveralAccountsTest {
  private static final String EU_KEY = "sk_test_fakeDoctorAccountsEuKey";
  TestDatabase db;
  StripeEmulator emulator;
  EmulatedAccount eu;
  Map<String, String> env;

  @BeforeAll
  static void tierColumnsAreAnApplicationsEnum(TestDatabase database) {
    // this class's own schema: the columns hold exactly these tiers, as an application's would
    database.execute("ALTER TABLE subscriptions MODIFY plan_tier ENUM('free','pro','team') NULL");
    database.execute("ALTER TABLE organizations MODIFY plan_tier ENUM('free','pro','team') NOT NULL DEFAULT 'free'");
  }

  @BeforeEach
  void setUp(TestDatabase database) {
    db = database;
    db.truncateAll();
    emulator = StripeEmulator.start();
    eu = emulator.addAccount(EU_KEY, 7);
    AccountSeeds.proSubscription(db, emulator.account(), 1, null);
    AccountSeeds.proSubscription(db, eu, 2, "eu");
    env = new HashMap<>(Map.of(
        "JDBC_URL", db.jdbcUrl(), "DB_USER", db.user(), "DB_PASSWORD", db.password().reveal(),
        "STRIPE_API_BASE", emulator.baseUrl(),
        "STRIPE_ACCOUNTS", accounts(emulator.apiKey(), EU_KEY),
        "PLAN_TIER_MAP", "{\"pro_monthly\":\"pro\"}"));
  }

  @AfterEach
  void tearDown() {
    emulator.close();
  }

  private static String accounts(String usKey, String euKey) {
    return "{\"us\":{\"key\":\"" + usKey + "\",\"default\":true},\"eu\":{\"key\":\"" + euKey + "\"}}";
  }

  record Result(int exit, String out) {}

  Result doctor() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(new String[] {"doctor"}, Environment.of(env), new PrintWriter(out), new PrintWriter(err),
        CliSeams.defaults());
    return new Result(exit, out + err.toString());
  }

  /** A price of {@code account} that no PLAN_TIER_MAP entry names, with its tier in its own metadata. */
  private static void metadataTierPrice(EmulatedAccount account, String priceId, String tier) {
    String product = account.createProduct("prod_" + priceId, "Plan " + tier, Map.of());
    account.createPrice(PriceSpec.monthly(product, null, 1900).withId(priceId)
        .withMetadata(Map.of("plan_tier", tier)));
  }

  @Test
  void aTierOnlyTheSecondAccountsPricesCarryThatTheColumnCannotHoldFailsNamingThatAccount() {
    metadataTierPrice(eu, "price_eu_enterprise", "enterprise");

    Result result = doctor();

    assertThat(result.exit()).as(result.out()).isEqualTo(1);
    assertThat(result.out())
        .contains("FAIL tier columns           subscriptions.plan_tier: 'enterprise' is not one of the column's values"
            + " enum('free','pro','team') (account eu: price price_eu_enterprise metadata); organizations.plan_tier:"
            + " 'enterprise' is not one of the column's values enum('free','pro','team') (account eu: price"
            + " price_eu_enterprise metadata) -> change PLAN_TIER_MAP/DEFAULT_PLAN_TIER, or the plan_tier metadata in"
            + " Stripe")
        .contains("doctor: 1 check(s) failed")
        .doesNotContain(EU_KEY);
  }

  @Test
  void bothAccountsFineAllTheirTiersFitAndEachAccountsStripeChecksPassUnderItsLabel() {
    metadataTierPrice(emulator.account(), "price_us_team", "team");
    metadataTierPrice(eu, "price_eu_team", "team");
    Result result;
    try (FakeSecretsManager secrets = FakeSecretsManager.start().put("prod/stripe/eu", EU_KEY)) {
      // eu's key as a deployment gives it: a Secrets Manager secret of its own
      env.putAll(secrets.clientEnvironment());
      env.put("STRIPE_ACCOUNTS", "{\"us\":{\"key\":\"" + emulator.apiKey() + "\",\"default\":true},"
          + "\"eu\":{\"secretId\":\"prod/stripe/eu\"}}");

      result = doctor();

      assertThat(secrets.requestedIds()).contains("prod/stripe/eu");
    }

    assertThat(result.exit()).as(result.out()).isZero();
    assertThat(result.out())
        .contains("PASS tier columns           every tier a run can write fits: [pro, free, team]\n")
        .contains("PASS stripe GET /v1/prices (us) readable")
        .contains("PASS stripe GET /v1/prices (eu) readable")
        .contains("PASS stripe GET /v1/products (us) readable")
        .contains("PASS stripe GET /v1/products (eu) readable")
        .contains("PASS clock skew (eu)")
        .contains("PASS unlinked subscriptions (us) none of all 1 Stripe subscriptions")
        .contains("PASS unlinked subscriptions (eu) none of all 1 Stripe subscriptions")
        .contains("PASS subscription items (eu)")
        .contains("PASS account customers (eu)")
        .contains("PASS test clocks (us)")
        .contains("doctor: all checks passed");
  }

  @Test
  void anAccountWhoseKeyIsRefusedFailsAloneAndTheOtherAccountsTiersAreStillJudged() {
    env.put("STRIPE_ACCOUNTS", accounts(emulator.apiKey(), "sk_test_fakeNotServedByTheEmulator"));
    metadataTierPrice(emulator.account(), "price_us_enterprise", "enterprise");

    Result result = doctor();

    assertThat(result.exit()).as(result.out()).isEqualTo(1);
    assertThat(result.out())
        .contains("FAIL tier columns           subscriptions.plan_tier: 'enterprise' is not one of the column's values"
            + " enum('free','pro','team') (account us: price price_us_enterprise metadata)")
        .contains("(Stripe: eu: products not readable (HTTP 401), its prices' tiers were not checked)")
        .contains("PASS stripe GET /v1/prices (us) readable")
        .contains("FAIL stripe GET /v1/prices (eu) 401: the key is not valid -> check account eu's \"key\" or"
            + " \"secretId\" in STRIPE_ACCOUNTS")
        .contains("PASS unlinked subscriptions (us)")
        .contains("SKIP unlinked subscriptions (eu)")
        .doesNotContain("STRIPE_SECRET_KEY")
        .doesNotContain("sk_test_fakeNotServedByTheEmulator");
  }

  @Test
  void anAccountWhoseSecretCannotBeReadFailsTheConfigurationAsEveryRunWouldAndTheDatabaseIsStillChecked() {
    Result result;
    try (FakeSecretsManager secrets = FakeSecretsManager.start()) {
      env.putAll(secrets.clientEnvironment());
      env.put("STRIPE_ACCOUNTS", "{\"us\":{\"key\":\"" + emulator.apiKey() + "\",\"default\":true},"
          + "\"eu\":{\"secretId\":\"prod/stripe/eu\"}}");

      result = doctor();
    }

    assertThat(result.exit()).as(result.out()).isEqualTo(1);
    assertThat(result.out())
        .contains("FAIL configuration          Secrets Manager secret 'prod/stripe/eu' was not found")
        .contains("PASS schema")
        .contains("SKIP stripe")
        .doesNotContain("Exception");
  }
}
