package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's small, realistic Stripe account: 40 customers (companies), 60 subscriptions with every status,
 * trials (running and converted), scheduled cancellations, multi-item subscriptions (plan + seats add-on),
 * customers with a subscription history, and one legacy price no tier rule knows.
 *
 * <p>The catalog exercises all three tier rules: Starter by {@code PLAN_TIER_MAP} lookup key, Pro monthly by
 * {@code PLAN_TIER_MAP} price id, Pro yearly by price metadata, Team by product metadata. The add-on has no tier,
 * so the primary-item rule picks the plan item.
 */
final class DemoAccount {
  static final int CUSTOMERS = 40;
  static final int SUBSCRIPTIONS = 60;
  static final String PRO_MONTHLY = "price_1ProMonthly";
  static final Map<String, String> PLAN_TIER_MAP = Map.of(
      "starter_monthly", "starter",
      "starter_yearly", "starter",
      PRO_MONTHLY, "pro");

  private static final long DAY = 86_400;
  private static final String[] COMPANIES = {
    "Acme Analytics", "Birchwood Dental", "Copperleaf Studio", "Delta Freight", "Evergreen Legal",
    "Fjord Outfitters", "Granite Labs", "Harbor Bakery", "Indigo Health", "Juniper Schools",
    "Kestrel Robotics", "Lumen Architects", "Meadow Farms", "Nimbus Travel", "Orchid Florists",
    "Pinecrest Clinic", "Quarry Coffee", "Redwood Realty", "Saffron Kitchens", "Tidewater Marine",
    "Umber Print", "Vantage Security", "Willow Pets", "Xenon Media", "Yarrow Yoga",
    "Zephyr Bikes", "Atlas Tutoring", "Beacon Insurance", "Cobalt Games", "Driftwood Hotels",
    "Ember Fitness", "Foxglove Books", "Glacier Water", "Hollow Oak Brewing", "Iris Optics",
    "Jade Logistics", "Kindling Fireworks", "Lark Music", "Maple Accounting", "Northwind Traders"
  };

  /** The catalog's prices, in the order the demo uses them. */
  record Catalog(String starterMonthly, String starterYearly, String proMonthly, String proYearly,
      String teamMonthly, String seats, String legacy) {
    List<String> plans() {
      return List.of(starterMonthly, starterYearly, proMonthly, proYearly, teamMonthly);
    }
  }

  private DemoAccount() {}

  static Catalog build(EmulatedAccount account, long seed) {
    Random random = new Random(seed);
    long asOf = account.now();
    account.setRecordCreationEvents(false); // history older than Stripe's 30-day event window
    try {
      account.setNow(asOf - 900 * DAY);
      Catalog catalog = catalog(account);
      account.setNow(asOf);

      List<SubscriptionStatus> currentStatuses = currentStatuses(random);
      for (int i = 0; i < CUSTOMERS; i++) {
        long customerCreated = asOf - (long) ((700 - i * 15) * DAY) - random.nextInt(3600);
        String slug = COMPANIES[i].toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        String customer = account.createCustomer(CustomerSpec.of("billing@" + slug + ".example")
            .withName(COMPANIES[i])
            .withCreated(customerCreated)
            .withMetadata(Map.of("organization_id", Integer.toString(i + 1))));
        // Ten customers have a history: two earlier subscriptions that ended before the current one.
        if (i < 10) {
          history(account, catalog, customer, customerCreated, asOf, random);
        }
        current(account, catalog, customer, customerCreated, asOf, currentStatuses.get(i), i, random);
      }
      return catalog;
    } finally {
      account.setNow(asOf);
      account.setRecordCreationEvents(true);
    }
  }

  private static Catalog catalog(EmulatedAccount account) {
    String starter = account.createProduct("prod_Starter", "Starter", Map.of());
    String pro = account.createProduct("prod_Pro", "Pro", Map.of());
    String team = account.createProduct("prod_Team", "Team", Map.of("plan_tier", "team"));
    String seats = account.createProduct("prod_Seats", "Extra seats", Map.of());
    String legacy = account.createProduct("prod_Legacy2019", "Legacy 2019 plan", Map.of());
    return new Catalog(
        account.createPrice(PriceSpec.monthly(starter, "starter_monthly", 900).withId("price_1StarterMonthly")),
        account.createPrice(PriceSpec.yearly(starter, "starter_yearly", 9000).withId("price_1StarterYearly")),
        account.createPrice(PriceSpec.monthly(pro, "pro_monthly", 2900).withId(PRO_MONTHLY)),
        account.createPrice(PriceSpec.yearly(pro, "pro_yearly", 29000).withId("price_1ProYearly")
            .withMetadata(Map.of("plan_tier", "pro"))),
        account.createPrice(PriceSpec.monthly(team, "team_monthly", 1500).withId("price_1TeamMonthly")),
        account.createPrice(PriceSpec.monthly(seats, "seats_monthly", 500).withId("price_1Seats")),
        account.createPrice(PriceSpec.monthly(legacy, null, 1900).withId("price_1Legacy2019")));
  }

  /** Every status at least twice among the 40 current subscriptions; about half active, as in real life. */
  private static List<SubscriptionStatus> currentStatuses(Random random) {
    List<SubscriptionStatus> statuses = new ArrayList<>();
    for (SubscriptionStatus s : SubscriptionStatus.values()) {
      statuses.add(s);
      statuses.add(s);
    }
    while (statuses.size() < CUSTOMERS) {
      statuses.add(statuses.size() % 4 == 0 ? SubscriptionStatus.TRIALING : SubscriptionStatus.ACTIVE);
    }
    Collections.shuffle(statuses, random);
    return statuses;
  }

  private static void history(EmulatedAccount account, Catalog catalog, String customer, long customerCreated,
      long asOf, Random random) {
    long first = customerCreated + DAY;
    account.createSubscription(SubscriptionSpec.forCustomer(customer)
        .price(catalog.starterMonthly())
        .status(SubscriptionStatus.INCOMPLETE_EXPIRED)
        .created(first));
    long second = first + 2 * DAY;
    account.createSubscription(SubscriptionSpec.forCustomer(customer)
        .price(catalog.plans().get(random.nextInt(2)))
        .status(SubscriptionStatus.CANCELED)
        .created(second)
        .canceledAt(second + (asOf - second) / 3)
        .metadata(Map.of("source", "web")));
  }

  private static void current(EmulatedAccount account, Catalog catalog, String customer, long customerCreated,
      long asOf, SubscriptionStatus status, int index, Random random) {
    String plan = index == 7 ? catalog.legacy() : catalog.plans().get(random.nextInt(catalog.plans().size()));
    boolean team = plan.equals(catalog.teamMonthly());
    long created = switch (status) {
      case TRIALING -> asOf - (1 + random.nextInt(12)) * DAY;
      case INCOMPLETE -> asOf - random.nextInt(20) * 3600L;
      default -> Math.max(customerCreated + 10 * DAY, asOf - (30 + random.nextInt(600)) * DAY);
    };
    SubscriptionSpec spec = SubscriptionSpec.forCustomer(customer)
        .item(plan, team ? 3 + random.nextInt(20) : 1)
        .status(status)
        .created(created);
    if (team && random.nextBoolean() || index % 11 == 3) {
      spec.item(catalog.seats(), 1 + random.nextInt(10)); // add-on: a second item without a tier
    }
    if (status == SubscriptionStatus.ACTIVE && index % 6 == 0) {
      spec.trial(created, created + 14 * DAY); // a converted trial keeps its trial dates
    }
    if (status == SubscriptionStatus.ACTIVE && index % 9 == 4) {
      spec.cancelAtPeriodEnd(true);
    }
    if (status == SubscriptionStatus.CANCELED) {
      spec.canceledAt(created + (asOf - created) / 2);
    }
    spec.metadata(index % 3 == 0 ? Map.of("source", "sales", "sales_rep", "dana") : Map.of("source", "web"));
    account.createSubscription(spec);
  }
}
