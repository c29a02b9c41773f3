package com.subscriptionreconciler.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.cli.CliSeams;
import com.subscriptionreconciler.cli.Main;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code doctor} end to end: the CLI against a real database and the Stripe emulator over HTTP. */
@RealDatabase
class DoctorIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EU_KEY = "sk_test_fakeDoctorEuKey";
  TestDatabase db;
  StripeEmulator emulator;
  Map<String, String> env;

  @BeforeEach
  void setUp(TestDatabase database) {
    db = database;
    db.truncateAll();
    emulator = StripeEmulator.start();
    String product = emulator.account().createProduct("prod_app", "App", Map.of());
    String price = emulator.account().createPrice(PriceSpec.monthly(product, "pro_monthly", 4900));
    String linked = emulator.account().createCustomer(CustomerSpec.of("acme@example.com"));
    String stranger = emulator.account().createCustomer(CustomerSpec.of("stranger@example.com"));
    emulator.account().createSubscription(SubscriptionSpec.forCustomer(linked).price(price)
        .status(SubscriptionStatus.ACTIVE));
    emulator.account().createSubscription(SubscriptionSpec.forCustomer(stranger).price(price)
        .status(SubscriptionStatus.ACTIVE));
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id) VALUES (1, 'Acme', ?), (2, 'Free', NULL)",
        linked);
    env = new HashMap<>(Map.of(
        "JDBC_URL", db.jdbcUrl(), "DB_USER", db.user(), "DB_PASSWORD", db.password().reveal(),
        "STRIPE_SECRET_KEY", emulator.apiKey(), "STRIPE_API_BASE", emulator.baseUrl(),
        "PLAN_TIER_MAP", "{\"pro_monthly\":\"pro\"}"));
  }

  @AfterEach
  void tearDown() {
    emulator.close();
  }

  record Result(int exit, String out, String err) {}

  Result doctor(String... format) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[format.length + 1];
    args[0] = "doctor";
    System.arraycopy(format, 0, args, 1, format.length);
    int exit = Main.execute(args, Environment.of(env), new PrintWriter(out), new PrintWriter(err),
        CliSeams.defaults());
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void aReadyDatabaseAndAccountPassWithOneLinePerCheckAndNothingChanges() {
    List<Map<String, Object>> before = db.query("SELECT * FROM organizations ORDER BY id");

    Result result = doctor();

    assertThat(result.exit()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("PASS configuration")
        .contains("PASS database")
        .contains("PASS server version")
        .contains("PASS migrations")
        .contains("PASS schema")
        .contains("PASS tier columns")
        .contains("PASS live rows")
        .contains("PASS grants")
        .contains("PASS stripe GET /v1/subscriptions")
        .contains("PASS stripe GET /v1/events")
        .contains("PASS clock skew")
        // the second organization has no customer id, and one Stripe subscription belongs to nobody's customer
        .contains("WARN linked organizations   1 of 2 organizations have no stripe_customer_id")
        .contains("WARN unlinked subscriptions 1 of all 2 Stripe subscriptions have a customer no organization has")
        .contains("doctor: all checks passed");
    assertThat(result.out()).doesNotContain(emulator.apiKey());
    assertThat(db.query("SELECT * FROM organizations ORDER BY id")).isEqualTo(before);
    assertThat(db.count("reconciliation_runs")).isZero();
    assertThat(emulator.writeAttempts()).isZero();
  }

  @Test
  void aTierThatOnlyStripeMetadataGivesIsCheckedAgainstTheColumnToo() {
    String tooLong = "a_tier_from_product_metadata_far_longer_than_sixty_four_characters_xyz";
    String product = emulator.account().createProduct("prod_meta", "Meta", Map.of("plan_tier", tooLong));
    emulator.account().createPrice(PriceSpec.monthly(product, null, 100).withId("price_meta"));

    Result result = doctor();

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).contains("FAIL tier columns")
        .contains("the column holds 64 (varchar(64)) (product prod_meta metadata, price price_meta)")
        .contains("the plan_tier metadata in Stripe");
  }

  @Test
  void accountCustomersUnmatchedOrganizationsAndTestClocksAreCountedWithTheirFixes() {
    String product = emulator.account().createProduct("prod_more", "More", Map.of());
    String price = emulator.account().createPrice(PriceSpec.monthly(product, "more_monthly", 900));
    String acme = emulator.account().createCustomer(CustomerSpec.of("co@example.com").asAccount("acct_1Co"));
    emulator.account().createSubscription(SubscriptionSpec.forCustomer(acme).price(price));
    String clock = emulator.account().createTestClock("renewals", emulator.account().now());
    String onClock = emulator.account().createCustomer(CustomerSpec.of("clock@example.com").onTestClock(clock));
    emulator.account().createSubscription(SubscriptionSpec.forCustomer(onClock).price(price));
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id) VALUES (3, 'Co', 'acct_1Co'),"
        + " (4, 'Gone', 'cus_NoSuchCustomer'), (5, 'Typo', 'acme-123')");

    Result result = doctor();

    assertThat(result.out())
        .contains("PASS account customers")
        .contains("1 of all 3 Stripe subscriptions have a customer represented as an Account")
        .contains("WARN unmatched organizations")
        .contains("1 organizations have a stripe_customer_id that is neither a cus_… nor an acct_… id")
        .contains("PASS test clocks")
        .contains("1 test clocks in this sandbox")
        // the Account customer's organization holds its acct_… id: linked, not counted
        .contains("WARN unlinked subscriptions 1 of all 3 Stripe subscriptions have a customer no organization has");
  }

  @Test
  void subscriptionsWithMoreItemsThanAListPageEmbedsAreCountedAndTheirEndpointIsProbed() {
    String product = emulator.account().createProduct("prod_parts", "Parts", Map.of());
    SubscriptionSpec twelve = SubscriptionSpec.forCustomer(
        emulator.account().createCustomer(CustomerSpec.of("many@example.com")));
    for (int i = 1; i <= 12; i++) {
      twelve.item(emulator.account().createPrice(PriceSpec.monthly(product, "part_" + i, 100)), 1);
    }
    emulator.account().createSubscription(twelve);

    Result readable = doctor();

    assertThat(readable.out()).contains("PASS subscription items     1 of all 3 Stripe subscriptions have more than"
        + " 10 items, more than a list page embeds: a run reads the rest from GET /v1/subscription_items");
    assertThat(emulator.requestCount("GET /v1/subscription_items")).as("one probe, not one per subscription")
        .isEqualTo(1);

    emulator.knobs().forbid("GET /v1/subscription_items");
    Result refused = doctor();

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).contains("FAIL subscription items     1 of all 3 Stripe subscriptions have more than")
        .contains("that GET answered 403: the key may not read this")
        .contains("-> give the restricted key Read access to subscription items in the Stripe Dashboard");
  }

  @Test
  void withoutManyItemSubscriptionsTheItemsEndpointIsNotAsked() {
    Result result = doctor();

    assertThat(result.out()).contains("PASS subscription items     none of all 2 Stripe subscriptions has more than"
        + " 10 items");
    assertThat(emulator.requestCount("GET /v1/subscription_items")).isZero();
  }

  @Test
  void severalAccountsAreEachCheckedWithTheirOwnKeyAndRowsCountedByLabel() {
    EmulatedAccount eu = emulator.addAccount(EU_KEY, 7);
    String euProduct = eu.createProduct("prod_app", "App", Map.of());
    String euPrice = eu.createPrice(PriceSpec.monthly(euProduct, "pro_monthly", 4900));
    String euCustomer = eu.createCustomer(CustomerSpec.of("eu@example.com"));
    eu.createSubscription(SubscriptionSpec.forCustomer(euCustomer).price(euPrice));
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id, stripe_account) VALUES (3, 'Eu', ?, 'eu'),"
        + " (4, 'Elsewhere', 'cus_Elsewhere', 'apac')", euCustomer);
    env.remove("STRIPE_SECRET_KEY");
    env.put("STRIPE_ACCOUNTS", "{\"us\":{\"key\":\"" + emulator.apiKey() + "\",\"default\":true},"
        + "\"eu\":{\"key\":\"" + EU_KEY + "\"}}");

    Result result = doctor();

    assertThat(result.exit()).as(result.out()).isZero();
    assertThat(result.out())
        .contains("PASS account column         organizations.stripe_account and subscriptions.stripe_account tell the"
            + " accounts' rows apart")
        .contains("WARN account rows           organizations: us 2, eu 1; subscriptions: us 0, eu 0 (rows without a"
            + " stripe_account are us's, the default account); 1 organizations and 0 subscriptions carry a"
            + " stripe_account that is no account of STRIPE_ACCOUNTS ('apac')")
        .contains("WARN stripe key (us)")
        .contains("WARN stripe key (eu)")
        .contains("PASS stripe GET /v1/subscriptions (eu) readable")
        .contains("PASS stripe GET /v1/events (eu) readable")
        // each account's subscriptions against its own organizations only
        .contains("WARN unlinked subscriptions (us) 1 of all 2 Stripe subscriptions")
        .contains("PASS unlinked subscriptions (eu) none of all 1 Stripe subscriptions")
        .contains("PASS unmatched organizations (eu) every organization's customer has a Stripe subscription")
        .contains("PASS test clocks (eu)       none in this sandbox")
        .doesNotContain(EU_KEY).doesNotContain(emulator.apiKey());
  }

  @Test
  void anAccountWhoseKeyTheServerRefusesFailsUnderItsLabel() {
    env.remove("STRIPE_SECRET_KEY");
    env.put("STRIPE_ACCOUNTS", "{\"us\":{\"key\":\"" + emulator.apiKey() + "\",\"default\":true},"
        + "\"eu\":{\"key\":\"sk_test_fakeNotServedHere\"}}");

    Result result = doctor();

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("PASS stripe GET /v1/subscriptions (us) readable")
        .contains("FAIL stripe GET /v1/subscriptions (eu) 401: the key is not valid")
        .contains("SKIP subscription items (eu)")
        .doesNotContain("sk_test_fakeNotServedHere");
  }

  @Test
  void aWrongKeyAndAnUnfitTierFailWithTheirFixesAsJson() throws Exception {
    env.put("STRIPE_SECRET_KEY", "rk_live_not_this_account");
    env.put("PLAN_TIER_MAP", "{\"pro_monthly\":\"a_tier_name_far_longer_than_sixty_four_characters_which_no_column_holds\"}");

    Result result = doctor("--format", "json");

    assertThat(result.exit()).isEqualTo(1);
    JsonNode report = JSON.readTree(result.out());
    assertThat(report.get("passed").asBoolean()).isFalse();
    Map<String, JsonNode> byName = new HashMap<>();
    report.get("checks").forEach(c -> byName.put(c.get("name").asText(), c));
    assertThat(byName.get("stripe key").get("status").asText()).isEqualTo("pass");
    assertThat(byName.get("stripe GET /v1/subscriptions").get("status").asText()).isEqualTo("fail");
    assertThat(byName.get("stripe GET /v1/subscriptions").get("fix").asText()).contains("STRIPE_SECRET_KEY");
    assertThat(byName.get("tier columns").get("status").asText()).isEqualTo("fail");
    assertThat(byName.get("tier columns").get("detail").asText()).contains("the column holds 64");
    assertThat(byName.get("unlinked subscriptions").get("status").asText()).isEqualTo("skip");
    assertThat(result.out()).doesNotContain("rk_live_not_this_account");
  }

  @Test
  void anUnreachableDatabaseAndABadVariableAreReportedWithoutStoppingTheOtherChecks() {
    env.put("JDBC_URL", "jdbc:mysql://127.0.0.1:9/nothing");
    env.put("MAX_CHANGE_RATIO", "lots");

    Result result = doctor();

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).contains("FAIL configuration").contains("MAX_CHANGE_RATIO")
        .contains("FAIL database").contains("cannot connect")
        .contains("SKIP stripe");
  }

  @Test
  void usageErrorIsExitTwo() {
    assertThat(doctor("--format", "yaml").exit()).isEqualTo(2);
  }
}
