package com.subscriptionreconciler.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Builds a realistic account from (number of subscriptions, seed): a small catalog (products and
 * monthly/yearly prices with lookup keys and {@code plan_tier} metadata, plus one legacy price the
 * reconciler cannot map), customers carrying an {@code organization_id} metadata, about one in
 * seven customers with several subscriptions, every status, trials, cancel-at-period-end and some
 * multi-item subscriptions, created over the two years before {@code asOf}.
 *
 * <p>Same seed, same emulator seed, same {@code asOf} → the same account, ids included.
 */
public final class AccountGenerator {

  private static final long DAY = 86_400;

  /**
   * One price of the generated catalog. {@code planTier} is null for the legacy price (a plan nothing names) and for
   * the add-on, which is not a plan at all ({@code addOn}).
   */
  public record CatalogPrice(
      String productId, String priceId, String lookupKey, String planTier, String interval, boolean addOn) {}

  /** What was generated: the catalog and how many objects. Use {@link #describe} for the rows. */
  public record Summary(List<CatalogPrice> catalog, int customers, int subscriptions) {}

  private AccountGenerator() {}

  /** Generates as of the account's clock. */
  public static Summary generate(EmulatedAccount account, int subscriptions, long seed) {
    return generate(account, subscriptions, seed, account.now());
  }

  public static Summary generate(EmulatedAccount account, int subscriptions, long seed, long asOf) {
    Random random = new Random(seed);
    long savedNow = account.now();
    account.setRecordCreationEvents(false);
    try {
      account.setNow(asOf - 800 * DAY);
      List<CatalogPrice> catalog = catalog(account);
      List<CatalogPrice> plans = catalog.subList(0, catalog.size() - 1);
      CatalogPrice seats = catalog.get(catalog.size() - 1);
      account.setNow(asOf);

      List<String> customerIds = new ArrayList<>();
      List<Long> customerCreated = new ArrayList<>();
      for (int i = 0; i < subscriptions; i++) {
        int customerIndex;
        long created;
        if (!customerIds.isEmpty() && random.nextInt(7) == 0) {
          customerIndex = random.nextInt(customerIds.size());
          long from = customerCreated.get(customerIndex);
          created = from + (long) (random.nextDouble() * (asOf - from));
        } else {
          created = asOf - (long) (random.nextDouble() * 730 * DAY);
          customerIndex = customerIds.size();
          long customerCreatedAt = created - random.nextInt(3600);
          customerIds.add(account.createCustomer(
              CustomerSpec.of("customer" + customerIndex + "@example.com")
                  .withName("Customer " + customerIndex)
                  .withCreated(customerCreatedAt)
                  .withMetadata(Map.of("organization_id", Integer.toString(customerIndex + 1)))));
          customerCreated.add(customerCreatedAt);
        }
        SubscriptionStatus status = pickStatus(random);
        // Statuses that only exist shortly after creation get a fitting creation time.
        if (status == SubscriptionStatus.TRIALING) {
          created = Math.max(customerCreated.get(customerIndex), asOf - random.nextInt(13 * (int) DAY));
        } else if (status == SubscriptionStatus.INCOMPLETE) {
          created = Math.max(customerCreated.get(customerIndex), asOf - random.nextInt(22 * 3600));
        }
        CatalogPrice plan = plans.get(random.nextInt(plans.size()));
        long quantity = plan.lookupKey() != null && plan.lookupKey().startsWith("team")
            ? 2 + random.nextInt(49) : 1;
        SubscriptionSpec spec = SubscriptionSpec.forCustomer(customerIds.get(customerIndex))
            .item(plan.priceId(), quantity)
            .status(status)
            .created(created);
        if (random.nextInt(20) == 0) {
          spec.item(seats.priceId(), 1 + random.nextInt(20));
        }
        if (status == SubscriptionStatus.ACTIVE && random.nextInt(10) == 0) {
          spec.cancelAtPeriodEnd(true);
        }
        if (status == SubscriptionStatus.CANCELED) {
          spec.canceledAt(created + (long) (random.nextDouble() * (asOf - created)));
        }
        if (random.nextInt(4) == 0) {
          spec.metadata(Map.of("source", random.nextBoolean() ? "web" : "sales"));
        }
        account.createSubscription(spec);
      }
      return new Summary(catalog, customerIds.size(), subscriptions);
    } finally {
      account.setNow(savedNow);
      account.setRecordCreationEvents(true);
    }
  }

  /** Every subscription in the account as a flat row, newest first. */
  public static Stream<SeededSubscription> describe(EmulatedAccount account) {
    return account.subscriptions().map(s -> describe(account, s));
  }

  static SeededSubscription describe(EmulatedAccount account, Subscription s) {
    SubscriptionItem first = s.items().get(0);
    Price price = account.findPrice(first.priceId()).orElseThrow();
    String tier = price.metadata().get("plan_tier");
    if (tier == null) {
      tier = account.findProduct(price.productId()).map(p -> p.metadata().get("plan_tier")).orElse(null);
    }
    Customer customer = account.findCustomer(s.customerId()).orElseThrow();
    return new SeededSubscription(s.id(), s.customerId(), customer.email(), customer.metadata(),
        price.id(), price.lookupKey(), tier, s.status(), first.quantity(), s.items().size(),
        s.created(), first.currentPeriodStart(), first.currentPeriodEnd(), s.cancelAtPeriodEnd(),
        s.cancelAt(), s.canceledAt(), s.endedAt(), s.trialStart(), s.trialEnd(), s.metadata());
  }

  private static List<CatalogPrice> catalog(EmulatedAccount account) {
    List<CatalogPrice> out = new ArrayList<>();
    String starter = account.createProduct("Starter", Map.of("plan_tier", "starter"));
    out.add(price(account, PriceSpec.monthly(starter, "starter_monthly", 900).withMetadata(Map.of("plan_tier", "starter")), "starter"));
    out.add(price(account, PriceSpec.yearly(starter, "starter_yearly", 9000), "starter"));
    String pro = account.createProduct("Pro", Map.of("plan_tier", "pro"));
    out.add(price(account, PriceSpec.monthly(pro, "pro_monthly", 2900), "pro"));
    out.add(price(account, PriceSpec.yearly(pro, "pro_yearly", 29000), "pro"));
    String team = account.createProduct("Team", Map.of("plan_tier", "team"));
    out.add(price(account, PriceSpec.monthly(team, "team_monthly", 1500).withMetadata(Map.of("plan_tier", "team")), "team"));
    out.add(price(account, PriceSpec.yearly(team, "team_yearly", 15000), "team"));
    // No lookup key: only metadata can name the tier.
    String enterprise = account.createProduct("Enterprise", Map.of());
    out.add(price(account, PriceSpec.monthly(enterprise, null, 49900).withMetadata(Map.of("plan_tier", "enterprise")), "enterprise"));
    // Legacy: neither lookup key nor metadata; the reconciler must warn, not guess.
    String legacy = account.createProduct("Legacy plan", Map.of());
    out.add(price(account, PriceSpec.monthly(legacy, null, 1900), null));
    // Add-on used as a second item, after the plan; last in the list on purpose. Not a plan, so no plan_tier: a
    // subscription of the legacy plan plus seats must still mirror the legacy plan, not the seats.
    String seats = account.createProduct("Extra seats", Map.of());
    String seatsPrice = account.createPrice(PriceSpec.monthly(seats, "seats_monthly", 500));
    out.add(new CatalogPrice(seats, seatsPrice, "seats_monthly", null, "month", true));
    return out;
  }

  private static CatalogPrice price(EmulatedAccount account, PriceSpec spec, String tier) {
    String id = account.createPrice(spec);
    return new CatalogPrice(spec.productId(), id, spec.lookupKey(), tier, spec.interval(), false);
  }

  private static SubscriptionStatus pickStatus(Random random) {
    int r = random.nextInt(100);
    if (r < 55) return SubscriptionStatus.ACTIVE;
    if (r < 65) return SubscriptionStatus.TRIALING;
    if (r < 70) return SubscriptionStatus.PAST_DUE;
    if (r < 73) return SubscriptionStatus.UNPAID;
    if (r < 76) return SubscriptionStatus.INCOMPLETE;
    if (r < 78) return SubscriptionStatus.INCOMPLETE_EXPIRED;
    if (r < 80) return SubscriptionStatus.PAUSED;
    return SubscriptionStatus.CANCELED;
  }
}
