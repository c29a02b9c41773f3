package com.subscriptionreconciler.oracle;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeItem;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionBatch;
import com.subscriptionreconciler.plan.SubscriptionRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One generated Stripe account and database, built from small integers so that a failing case shrinks towards the
 * simplest case: every number 0 means "the plain choice" (first customer, active, in sync, no extras).
 *
 * <p>The pools are tiny on purpose: four customers, four organizations, six subscription ids, so that shared
 * customers, id collisions, id-less rows and ties in time happen in most cases rather than by luck.
 */
public record Scenario(
    List<Integer> customerBits,
    List<List<Integer>> organizationSpecs,
    List<List<Integer>> subscriptionSpecs,
    List<List<Integer>> rowSpecs,
    List<Integer> missingBits) {

  public static final Instant NOW = Instant.parse("2026-11-26T15:00:00.123Z");
  public static final ReconcileRules RULES = new ReconcileRules(
      Map.of("price_pro", "pro", "team_monthly", "team", "price_blank", " "), "free", 0.10, 50);

  static final int SPEC_LENGTH = 16;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> STATUSES = List.of("active", "trialing", "past_due", "canceled", "unpaid",
      "incomplete", "incomplete_expired", "paused", "some_future_status");
  private static final List<String> TIERS = List.of("pro", "team", "free", "enterprise");
  private static final List<String> ORG_STATUSES = List.of("active", "none", "canceled", "trialing", "past_due");
  /** price id, lookup key, price plan_tier metadata, product plan_tier metadata */
  private static final String[][] PRICES = {
    {"price_pro", null, null, null},
    {"price_team", "team_monthly", null, null},
    {"price_meta", null, "enterprise", null},
    {"price_product", null, null, " team "},
    {"price_unknown", null, null, null},
    {"price_blank", null, "", null},
  };
  private static final List<Map<String, String>> METADATA =
      List.of(Map.of(), Map.of("seats", "5", "region", "eu"), Map.of("seats", "6"), Map.of("a", "1"));

  public SubscriptionBatch batch() {
    List<StripeCustomer> customers = new ArrayList<>();
    for (int i = 0; i < customerBits.size(); i++) {
      // a customer listed as not deleted is the same as one not listed: list every other one only
      int bits = customerBits.get(i);
      if (bits % 5 == 4) {
        customers.add(new StripeCustomer(customer(i), true));
      } else if (bits % 2 == 1) {
        customers.add(new StripeCustomer(customer(i), false));
      }
    }

    List<OrganizationRow> organizations = new ArrayList<>();
    Set<String> ownedCustomers = new HashSet<>();
    for (int i = 0; i < organizationSpecs.size(); i++) {
      List<Integer> o = organizationSpecs.get(i);
      String customer = o.get(0) % 5 == 4 ? null : customer((i + o.get(0)) % 4);
      if (customer != null && !ownedCustomers.add(customer)) {
        customer = null; // organizations.stripe_customer_id is unique
      }
      organizations.add(new OrganizationRow(i + 1, "Org " + (i + 1), customer, TIERS.get(o.get(1) % TIERS.size()),
          ORG_STATUSES.get(o.get(2) % ORG_STATUSES.size())));
    }

    List<StripeSubscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < subscriptionSpecs.size(); i++) {
      subscriptions.add(subscription(i, subscriptionSpecs.get(i)));
    }

    List<SubscriptionRow> rows = new ArrayList<>();
    Set<String> usedIds = new HashSet<>();
    for (int i = 0; i < rowSpecs.size(); i++) {
      rows.add(row(i, rowSpecs.get(i), subscriptions, usedIds));
    }

    Set<String> listed = new HashSet<>();
    subscriptions.forEach(s -> listed.add(s.id()));
    Set<String> missing = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      String id = rows.get(i).stripeSubscriptionId();
      // Stripe only answers resource_missing for what it does not have; a listed id is never confirmed missing
      if (id != null && !listed.contains(id) && missingBits.get(i % missingBits.size()) % 3 != 0) {
        missing.add(id);
      }
    }
    return new SubscriptionBatch(subscriptions, rows, organizations, customers, missing);
  }

  private static String customer(int i) {
    return "cus_" + (i + 1);
  }

  private static StripeSubscription subscription(int index, List<Integer> s) {
    String id = "sub_" + ((index + s.get(0)) % 6 + 1);
    String customer = s.get(1) % 9 == 8 ? null : customer(s.get(1) % 4);
    String status = STATUSES.get(s.get(2) % STATUSES.size());
    Instant created = T0.plus(Duration.ofDays(s.get(3) % 3));
    List<StripeItem> items = new ArrayList<>();
    int itemCount = s.get(4) % 4 == 3 ? 0 : 1 + s.get(4) % 4 % 3 / 2 + s.get(5) % 2;
    for (int k = 0; k < itemCount; k++) {
      String[] price = PRICES[(s.get(6) + k * (1 + s.get(7))) % PRICES.length];
      Instant itemCreated = s.get(8) % 4 == 3 && k == 0 ? null : T0.plus(Duration.ofHours((s.get(8) + k) % 3));
      items.add(new StripeItem("si_" + (k + 1), price[0], price[1], "prod_" + k, price[2], price[3],
          (long) (1 + (s.get(9) + k) % 3), T0.plus(Duration.ofDays(30 + s.get(10) % 2)),
          T0.plus(Duration.ofDays(60 + s.get(10) % 2)), itemCreated));
    }
    boolean cancelAtPeriodEnd = s.get(11) % 2 == 1;
    Instant cancelAt = s.get(11) % 3 == 2 ? T0.plus(Duration.ofDays(90)) : null;
    Instant canceledAt = status.equals("canceled") ? T0.plus(Duration.ofDays(40 + s.get(12) % 2)) : null;
    Instant endedAt = canceledAt;
    Instant trialStart = s.get(13) % 3 == 1 ? T0 : null;
    Instant trialEnd = trialStart == null ? null : T0.plus(Duration.ofDays(14));
    Map<String, String> metadata = METADATA.get(s.get(14) % METADATA.size());
    return new StripeSubscription(id, customer, status, created, items, cancelAtPeriodEnd, cancelAt, canceledAt,
        endedAt, trialStart, trialEnd, metadata);
  }

  /**
   * A row copied from a subscription (so most rows start in sync), then bent where the spec's numbers say. Spec
   * position 0 picks the subscription id (or none, or one Stripe never had), 1 the organization, 2 which fields
   * to bend, 3–15 how.
   */
  private static SubscriptionRow row(int index, List<Integer> r, List<StripeSubscription> subscriptions,
      Set<String> usedIds) {
    int idChoice = r.get(0) % 10;
    String subscriptionId = idChoice < 6 ? "sub_" + ((index + idChoice) % 6 + 1)
        : idChoice < 8 ? "sub_gone_" + idChoice : null;
    if (subscriptionId != null && !usedIds.add(subscriptionId)) {
      subscriptionId = null; // subscriptions.stripe_subscription_id is unique
    }
    StripeSubscription source = null;
    for (StripeSubscription s : subscriptions) {
      if (s.id().equals(subscriptionId) || (subscriptionId == null && source == null)) {
        source = s;
      }
    }
    int bend = r.get(2);
    long organizationId = r.get(1) % 6 == 5 ? 99 : 1 + r.get(1) % 6 % 5;
    StripeItem item = source == null || source.items().isEmpty() ? null : source.items().get(0);

    String customer = source == null ? customer(r.get(3) % 4) : source.customerId();
    if (bit(bend, 0)) {
      customer = r.get(3) % 5 == 4 ? null : customer(r.get(3) % 4);
    }
    String status = source == null ? "active" : source.status();
    if (bit(bend, 1)) {
      status = STATUSES.get(r.get(4) % STATUSES.size());
    }
    String priceId = item == null ? "price_pro" : item.priceId();
    String tier = r.get(5) % 5 == 4 ? null : TIERS.get(r.get(5) % 5 % TIERS.size());
    Long quantity = item == null ? 1L : item.quantity();
    if (bit(bend, 2)) {
      priceId = PRICES[r.get(6) % PRICES.length][0];
      quantity = r.get(6) % 4 == 3 ? null : (long) (r.get(6) % 4);
    }
    Instant periodStart = item == null ? null : item.currentPeriodStart();
    Instant periodEnd = item == null ? null : item.currentPeriodEnd();
    if (bit(bend, 3) && periodStart != null) {
      // sub-millisecond noise is not drift; a second is
      periodStart = periodStart.plusNanos(r.get(7) % 2 == 0 ? 400_000 : 1_000_000_000);
    }
    boolean cancelAtPeriodEnd = source != null && source.cancelAtPeriodEnd();
    Instant cancelAt = source == null ? null : source.cancelAt();
    Instant canceledAt = source == null ? null : source.canceledAt();
    Instant endedAt = source == null ? null : source.endedAt();
    Instant trialStart = source == null ? null : source.trialStart();
    Instant trialEnd = source == null ? null : source.trialEnd();
    if (bit(bend, 4)) {
      cancelAtPeriodEnd = !cancelAtPeriodEnd;
      cancelAt = cancelAt == null ? T0.plus(Duration.ofDays(90)) : null;
    }
    if (bit(bend, 5)) {
      canceledAt = canceledAt == null ? T0 : null;
      trialEnd = T0.plus(Duration.ofDays(r.get(8) % 20));
    }
    String metadata = metadataText(source == null ? Map.of() : source.metadata(), r.get(9));
    if (bit(bend, 6)) {
      metadata = metadataText(METADATA.get(r.get(10) % METADATA.size()), r.get(9));
    }
    Instant archivedAt = r.get(11) % 5 == 4 ? T0.plus(Duration.ofDays(3)) : null;
    String archiveReason = archivedAt == null ? null : "stripe_subscription_missing";
    Instant createdAt = r.get(12) % 4 == 3 ? null : T0.plus(Duration.ofDays(r.get(12) % 4));
    return new SubscriptionRow((long) (index + 1), organizationId, subscriptionId, customer, priceId, tier, status,
        quantity, periodStart, periodEnd, cancelAtPeriodEnd, cancelAt, canceledAt, endedAt, trialStart, trialEnd,
        metadata, archivedAt, archiveReason, r.get(13) % 5, createdAt);
  }

  /** Metadata as the database might hand it back: NULL for none sometimes, MySQL's spacing, any key order. */
  private static String metadataText(Map<String, String> metadata, int style) {
    if (metadata.isEmpty()) {
      return style % 2 == 0 ? null : "{}";
    }
    StringBuilder json = new StringBuilder("{");
    List<String> keys = new ArrayList<>(new LinkedHashMap<>(metadata).keySet());
    keys.sort(style % 3 == 0 ? null : java.util.Comparator.reverseOrder());
    for (int i = 0; i < keys.size(); i++) {
      json.append(i == 0 ? "" : ", ").append('"').append(keys.get(i)).append("\": \"")
          .append(metadata.get(keys.get(i))).append('"');
    }
    return json.append('}').toString();
  }

  private static boolean bit(int bits, int n) {
    return (bits >> n & 1) == 1;
  }

  @Override
  public String toString() {
    SubscriptionBatch b = batch();
    StringBuilder s = new StringBuilder("Scenario").append(System.lineSeparator());
    s.append("  specs: customers=").append(customerBits).append(" organizations=").append(organizationSpecs)
        .append(" subscriptions=").append(subscriptionSpecs).append(" rows=").append(rowSpecs)
        .append(" missing=").append(missingBits).append(System.lineSeparator());
    b.customers().forEach(c -> s.append("  ").append(c).append(System.lineSeparator()));
    b.organizations().forEach(o -> s.append("  ").append(o).append(System.lineSeparator()));
    b.stripeSubscriptions().forEach(x -> s.append("  ").append(x).append(System.lineSeparator()));
    b.rows().forEach(r -> s.append("  ").append(r).append(System.lineSeparator()));
    s.append("  confirmed missing: ").append(b.confirmedMissingSubscriptionIds());
    return s.toString();
  }
}
