package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A targeted run that names more subscriptions than the account has pages reads them by listing the account (as
 * a burst of events does), and still retrieves what the listing cannot show: orphans, and subscriptions created
 * behind the listing's cursor. Few names keep costing one retrieve each.
 */
@EngineTest
class TargetedListingIntegrationTest {
  /** 250 subscriptions: 3 list pages of 100. */
  static final int ACCOUNT = 250;
  static final int ACCOUNT_PAGES = 3;
  /** 10 requests/s gives the lister 5 pages in flight (half a second's worth at a pessimistic latency). */
  static final double RPS = 10;
  static final int LISTER_PARALLELISM = 5;
  /** More than the 3 pages plus the 5 extra requests the lister's splits may cost: listing is cheaper. */
  static final int MANY = 60;

  static final String LIST = "GET /v1/subscriptions";
  static final String RETRIEVE = "GET /v1/subscriptions/{id}";

  TestDatabase db;
  EngineFixture f;
  final List<String> subscriptions = new ArrayList<>();

  @BeforeEach
  void syncedAccount(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
    for (long org = 1; org <= ACCOUNT; org++) {
      subscriptions.add(f.subscription(f.customerWithOrganization(org), f.proPrice, SubscriptionStatus.ACTIVE));
    }
    assertThat(f.engine().run(EngineFixture.full()).created()).isEqualTo(ACCOUNT);
  }

  static RunRequest naming(List<String> subscriptionIds) {
    return new RunRequest(
        Trigger.EVENT, Mode.FULL, false, false, List.of(), List.of(), subscriptionIds);
  }

  private RunReport run(List<String> named) {
    f.emulator.resetCounters();
    return f.engine(EngineFixture.RULES, db.dataSource(), RPS).run(naming(named));
  }

  private Object quantity(String subscriptionId) {
    return ((Number) f.row(subscriptionId).get("quantity")).longValue();
  }

  @Test
  void manyNamedSubscriptionsAreReadWithListPagesAndEachIsReconciled() {
    List<String> named = subscriptions.subList(0, MANY);
    for (int i = 0; i < MANY; i++) {
      f.account.changeQuantity(named.get(i), 2 + i);
    }
    String notNamed = subscriptions.get(MANY);
    f.account.changeQuantity(notNamed, 42);

    RunReport report = run(named);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    for (int i = 0; i < MANY; i++) {
      assertThat(quantity(named.get(i))).as(named.get(i)).isEqualTo(2L + i);
    }
    assertThat(quantity(notNamed)).as("a subscription the run did not name is left alone").isEqualTo(1L);
    assertThat(report.synchronized_()).isEqualTo(MANY);
    assertThat(f.emulator.counters().requestCount(LIST))
        .as("a walk over the account's %d pages (and the lister's splits) costs a fraction of %d retrieves",
            ACCOUNT_PAGES, MANY)
        .isPositive()
        .isLessThan(MANY / 2);
    assertThat(f.emulator.counters().requestCount(RETRIEVE)).as("the listing showed every named one").isZero();
  }

  @Test
  void aNamedOrphanTheListingDoesNotShowIsConfirmedByRetrieveAndArchived() {
    List<String> named = subscriptions.subList(0, MANY);
    String orphanA = named.get(3);
    String orphanB = named.get(40);
    f.account.removeSubscription(orphanA);
    f.account.removeSubscription(orphanB);
    f.account.changeQuantity(named.get(10), 9);

    RunReport report = run(named);

    assertThat(report.archived()).isEqualTo(2);
    assertThat(f.row(orphanA)).containsEntry("archive_reason", "stripe_subscription_missing");
    assertThat(f.row(orphanB)).containsEntry("archive_reason", "stripe_subscription_missing");
    assertThat(quantity(named.get(10))).isEqualTo(9L);
    assertThat(f.emulator.counters().requestCount(RETRIEVE)).as("one retrieve per orphan").isEqualTo(2);
    assertThat(f.emulator.counters().requestCount(LIST)).isPositive();
  }

  @Test
  void aNamedSubscriptionCreatedBehindTheListingsCursorIsStillFound() {
    String customer = f.customerWithOrganization(ACCOUNT + 1);
    String late = "sub_created_during_the_listing";
    List<String> named = new ArrayList<>(subscriptions.subList(0, MANY));
    named.add(late);
    // created once the listing has handed over its first page: newer than anything the walk (newest first) can
    // still reach, so only the retrieve can see it
    AtomicBoolean counted = new AtomicBoolean();
    HookedDataSource hooked = new HookedDataSource(db.dataSource(), sql -> {
      if (sql.startsWith("SELECT COUNT(*) FROM `subscriptions`")) {
        counted.set(true);
        return false;
      }
      return counted.get() && sql.startsWith("SELECT `id` AS `id`");
    }, () -> f.account.createSubscription(SubscriptionSpec.forCustomer(customer).id(late).price(f.proPrice)
        .status(SubscriptionStatus.ACTIVE).created(Instant.now().getEpochSecond() + 3600)), false);
    f.emulator.resetCounters();

    RunReport report = f.engine(EngineFixture.RULES, hooked, RPS).run(naming(named));

    assertThat(hooked.fired()).isTrue();
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(f.row(late)).isNotNull().containsEntry("status", "active").containsEntry("organization_id", (long) ACCOUNT + 1);
    assertThat(f.emulator.counters().requestCount(RETRIEVE)).as("only the one the listing could not show").isEqualTo(1);
  }

  @Test
  void aListedSubscriptionWhoseOrganizationHasAnIdlessRowIsReconciledWithItsWholeCustomer() {
    // organization 1: its named subscription, an id-less row, and a Stripe subscription nobody named that only a
    // reconciliation of the whole customer can match to that row
    String customer = (String) f.organization(1).get("stripe_customer_id");
    db.execute("INSERT INTO subscriptions (organization_id, status) VALUES (1, 'incomplete')");
    String unnamed = f.subscription(customer, f.teamPrice, SubscriptionStatus.ACTIVE);
    List<String> named = subscriptions.subList(0, MANY);

    RunReport report = run(named);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(db.query("SELECT id FROM subscriptions WHERE organization_id = 1 AND stripe_subscription_id IS NULL"))
        .as("the id-less row was matched").isEmpty();
    assertThat(f.row(unnamed)).isNotNull().containsEntry("status", "active").containsEntry("organization_id", 1L);
    assertThat(f.row(subscriptions.get(0))).containsEntry("status", "active");
  }

  @Test
  void fewNamedSubscriptionsKeepUsingOneRetrieveEach() {
    List<String> named = List.of(subscriptions.get(5), subscriptions.get(6), subscriptions.get(7));
    f.account.changeQuantity(subscriptions.get(6), 5);

    RunReport report = run(named);

    assertThat(report.synchronized_()).isEqualTo(1);
    assertThat(quantity(subscriptions.get(6))).isEqualTo(5L);
    assertThat(f.emulator.counters().requestCount(LIST)).isZero();
    assertThat(f.emulator.counters().requestCount(RETRIEVE)).isEqualTo(3);
  }
}
