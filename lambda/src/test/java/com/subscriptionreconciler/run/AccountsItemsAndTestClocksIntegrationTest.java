package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.LogLevel;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.Event;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.realtime.EventBatchConsumer;
import com.subscriptionreconciler.realtime.QueueMessages;
import com.subscriptionreconciler.realtime.StripeEventReader;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe as it is in 2026, end to end against the emulator: customers represented as Accounts, subscriptions with
 * more items than a list page embeds, and test-clock subscriptions in a sandbox.
 */
@EngineTest
class AccountsItemsAndTestClocksIntegrationTest {
  private static final String LIST = "GET /v1/subscriptions";
  private static final String RETRIEVE = "GET /v1/subscriptions/{id}";
  private static final String ITEMS = "GET /v1/subscription_items";
  private static final String CLOCKS = "GET /v1/test_helpers/test_clocks";

  TestDatabase db;
  EngineFixture f;

  @BeforeEach
  void setUp(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
  }

  private void organization(long id, String stripeCustomerId) {
    f.organization(id, stripeCustomerId);
  }

  private String accountCustomer(String accountId) {
    return f.account.createCustomer(CustomerSpec.of(accountId + "@example.com").asAccount(accountId));
  }

  @Test
  void anAccountCustomersSubscriptionMissingFromTheDatabaseIsInsertedUnderTheOrganizationHoldingItsAcctId() {
    organization(1, "acct_1Acme");
    String sub = f.subscription(accountCustomer("acct_1Acme"), f.proPrice,
        SubscriptionStatus.ACTIVE);

    RunReport report = f.engine().run(EngineFixture.full());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.unlinked()).isZero();
    assertThat(report.created()).isEqualTo(1);
    assertThat(f.row(sub))
        .containsEntry("organization_id", 1L)
        .containsEntry("stripe_customer_id", "acct_1Acme")
        .containsEntry("plan_tier", "pro");
    assertThat(f.organization(1)).containsEntry("plan_tier", "pro").containsEntry("subscription_status", "active");
    assertThat(f.engine().run(EngineFixture.full()).synchronized_()).as("a second run changes nothing").isZero();
  }

  @Test
  void anIncrementalRunInsertsANewSubscriptionOfAnAccountCustomerUnderTheOrganizationHoldingItsAcctId() {
    f.account.setNow(Instant.now().minus(Duration.ofDays(1)).getEpochSecond());
    organization(1, "acct_1Acme");
    String customer = accountCustomer("acct_1Acme");
    RunRequest incremental =
        new RunRequest(Trigger.SCHEDULE, Mode.INCREMENTAL, false, false, null, null, null);
    assertThat(f.engine().run(incremental).fallbackReason()).as("the first run sets the checkpoint").isNotNull();
    f.account.setNow(Instant.now().plusSeconds(5).getEpochSecond());
    String sub = f.subscription(customer, f.teamPrice, SubscriptionStatus.ACTIVE);

    RunReport report = f.engine().run(incremental);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.fallbackReason()).isNull();
    assertThat(f.row(sub)).containsEntry("organization_id", 1L).containsEntry("plan_tier", "team");
    assertThat(f.organization(1)).containsEntry("plan_tier", "team");
  }

  @Test
  void aRealTimeEventForAnAccountCustomersNewSubscriptionInsertsItUnderTheOrganizationHoldingItsAcctId()
      throws Exception {
    organization(1, "acct_1Acme");
    String sub = f.subscription(accountCustomer("acct_1Acme"), f.proPrice,
        SubscriptionStatus.ACTIVE);
    Event created = f.account.events("customer.subscription.created").get(0);
    assertThat(f.account.eventJson(created.id())).contains("\"customer_account\":\"acct_1Acme\"");
    String message = QueueMessages.write(
        StripeEventReader.read(
            new ObjectMapper().readTree(f.account.eventJson(created.id()))));

    var outcome = new EventBatchConsumer(f.engine(), StripeKeyMode.SANDBOX)
        .consume(List.of(new EventBatchConsumer.QueuedMessage("m-1", message)));

    assertThat(outcome.failedMessageIds()).isEmpty();
    assertThat(outcome.report().trigger()).isEqualTo(Trigger.EVENT);
    assertThat(f.row(sub)).containsEntry("organization_id", 1L).containsEntry("stripe_customer_id", "acct_1Acme");
  }

  @Test
  void aTargetedRunByAcctIdReconcilesThatCustomer() {
    organization(1, "acct_1Acme");
    String sub = f.subscription(accountCustomer("acct_1Acme"), f.proPrice,
        SubscriptionStatus.TRIALING);
    f.emulator.resetCounters();

    RunReport report = f.engine().run(new RunRequest(Trigger.CLI, Mode.FULL, false, false,
        List.of(), List.of("acct_1Acme"), List.of()));

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(f.row(sub)).containsEntry("organization_id", 1L).containsEntry("status", "trialing");
    assertThat(f.emulator.requestCount(RETRIEVE)).isZero();
  }

  @Test
  void aCustomerNamedBothWaysInOneTargetedRunIsPlannedOnce() {
    organization(1, "acct_1Acme");
    String customer = accountCustomer("acct_1Acme");
    String sub = f.subscription(customer, f.proPrice, SubscriptionStatus.ACTIVE);

    // the request names the cus_…, the organization holds the acct_…: two listings of the same subscriptions
    RunRequest both = new RunRequest(Trigger.CLI, Mode.FULL, false, false, List.of(1L),
        List.of(customer), List.of());

    // a dry run writes nothing between the two listings, so only planning once keeps the count right
    assertThat(f.engine().run(both.withDryRun(true)).created()).isEqualTo(1);
    RunReport report = f.engine().run(both);
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.created()).isEqualTo(1);
    assertThat(db.query("SELECT id FROM subscriptions WHERE stripe_subscription_id = ?", sub)).hasSize(1);
  }

  @Test
  void aTwelveItemSubscriptionWhoseBasePriceIsNotEmbeddedGetsTheBasePriceAndTier() {
    String customer = f.customerWithOrganization(1);
    String seats = f.account.createProduct("prod_seats", "Extra seats", Map.of());
    SubscriptionSpec spec = SubscriptionSpec.forCustomer(customer);
    for (int i = 0; i < 10; i++) {
      spec.item(f.account.createPrice(PriceSpec.monthly(seats, "seat_pack_" + i, 500)), 2);
    }
    spec.item(f.proPrice, 1);
    spec.item(f.account.createPrice(PriceSpec.monthly(seats, "seat_pack_10", 500)), 2);
    String sub = f.account.createSubscription(spec);

    RunReport report = f.engine().run(EngineFixture.full());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.warnings()).noneMatch(w -> w.contains("unknown price"));
    assertThat(f.row(sub))
        .containsEntry("stripe_price_id", f.proPrice)
        .containsEntry("plan_tier", "pro")
        .containsEntry("quantity", 1L);
    assertThat(f.organization(1)).containsEntry("plan_tier", "pro");
    assertThat(f.emulator.requestCount(ITEMS)).as("the rest of the items, once").isEqualTo(1);
    assertThat(report.stripeRequests()).as("through the paced transport, counted").isEqualTo(f.emulator.totalRequests());
  }

  @Test
  void anAddOnMarkedNotAPlanNeverDecidesTheRowEvenWhenOlder() {
    String customer = f.customerWithOrganization(1);
    String seatsProduct = f.account.createProduct("prod_seats", "Extra seats", Map.of("plan_tier", "addon"));
    String seats = f.account.createPrice(PriceSpec.monthly(seatsProduct, "seats_monthly", 500));
    // the add-on is given first, so in the same second it is the oldest item
    String sub = f.account.createSubscription(SubscriptionSpec.forCustomer(customer).item(seats, 2)
        .item(f.proPrice, 1));
    ReconcileRules rules = new ReconcileRules(EngineFixture.TIER_MAP, "free", 0.5, 10_000, Set.of(seatsProduct));

    f.engine(rules).run(EngineFixture.full());

    assertThat(f.row(sub)).containsEntry("stripe_price_id", f.proPrice).containsEntry("plan_tier", "pro")
        .containsEntry("quantity", 1L);
  }

  @Test
  void aSandboxRunListsTestClockSubscriptionsSoTheyAreInsertedAndNeverRetrieved() {
    String clock = f.account.createTestClock("renewals", f.account.now());
    String onClock = f.account.createCustomer(CustomerSpec.of("clock@example.com").onTestClock(clock));
    organization(1, onClock);
    String missing = f.subscription(onClock, f.proPrice, SubscriptionStatus.ACTIVE);
    String existing = f.subscription(onClock, f.teamPrice,
        SubscriptionStatus.PAST_DUE);
    db.execute("INSERT INTO subscriptions (organization_id, stripe_subscription_id, stripe_customer_id, status,"
        + " created_at, updated_at) VALUES (1, ?, ?, 'active', NOW(3), NOW(3))", existing, onClock);
    f.emulator.resetCounters();

    RunReport report = f.engine().run(EngineFixture.full());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(f.row(missing)).containsEntry("organization_id", 1L).containsEntry("status", "active");
    assertThat(f.row(existing)).containsEntry("status", "past_due").containsEntry("archived_at", null);
    assertThat(f.emulator.requestCount(CLOCKS)).isEqualTo(1);
    assertThat(f.emulator.requestCount(RETRIEVE)).as("no row was in doubt").isZero();
    assertThat(report.stripeRequests()).isEqualTo(f.emulator.totalRequests());
  }

  @Test
  void aLiveKeyNeverAsksForTestClocks() throws Exception {
    String liveKey = "sk_live_fake_emulator";
    try (StripeEmulator live = StripeEmulator.start(EmulatorOptions.defaults().withApiKey(liveKey))) {
      String product = live.account().createProduct("prod_pro", "Pro", Map.of());
      String price = live.account().createPrice(PriceSpec.monthly(product, "pro_monthly", 4900));
      String customer = live.account().createCustomer(CustomerSpec.of("a@example.com"));
      organization(1, customer);
      String sub = live.account().createSubscription(SubscriptionSpec.forCustomer(customer).price(price));
      ReconcilerConfig config = new ReconcilerConfig(
          new StripeSettings(live.baseUrl(), Secret.of(liveKey), 50, 4),
          new DatabaseSettings(db.jdbcUrl(), db.user(), db.password()), EngineFixture.RULES, LogLevel.INFO,
          Optional.empty());

      RunReport report = ProductionWiring.create(config, db.dataSource()).run(EngineFixture.full());

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(f.row(sub)).containsEntry("plan_tier", "pro");
      assertThat(live.requestCount(CLOCKS)).isZero();
      assertThat(live.requestCount(LIST)).isPositive();
    }
  }
}
