package com.subscriptionreconciler.plan;

import com.subscriptionreconciler.config.ReconcileRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data: a healthy subscription, its in-sync row and its organization, each easy to bend one field at a time. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-11-26T15:00:00.123Z");
  static final Instant CREATED = Instant.parse("2026-01-10T09:00:00Z");
  static final Instant PERIOD_START = Instant.parse("2026-11-10T09:00:00Z");
  static final Instant PERIOD_END = Instant.parse("2026-12-10T09:00:00Z");
  static final String CUSTOMER = "cus_A";
  static final long ORG = 1;
  static final ReconcileRules RULES =
      new ReconcileRules(Map.of("price_pro", "pro", "team_monthly", "team"), "free", 0.10, 50);

  private Fixtures() {}

  static OrganizationRow org() {
    return new OrganizationRow(ORG, "Acme", CUSTOMER, "pro", "active");
  }

  static OrganizationRow org(long id, String customer, String tier, String status) {
    return new OrganizationRow(id, "Org " + id, customer, tier, status);
  }

  static ItemBuilder item() {
    return new ItemBuilder();
  }

  static SubBuilder sub(String id) {
    return new SubBuilder(id);
  }

  static final class ItemBuilder {
    String id = "si_1";
    String priceId = "price_pro";
    String lookupKey;
    String productId = "prod_1";
    String priceTier;
    String productTier;
    Long quantity = 1L;
    Instant start = PERIOD_START;
    Instant end = PERIOD_END;
    Instant created = CREATED;

    ItemBuilder id(String v) { id = v; return this; }
    ItemBuilder price(String v) { priceId = v; return this; }
    ItemBuilder lookupKey(String v) { lookupKey = v; return this; }
    ItemBuilder priceTier(String v) { priceTier = v; return this; }
    ItemBuilder productTier(String v) { productTier = v; return this; }
    ItemBuilder quantity(Long v) { quantity = v; return this; }
    ItemBuilder period(Instant s, Instant e) { start = s; end = e; return this; }
    ItemBuilder created(Instant v) { created = v; return this; }

    StripeItem build() {
      return new StripeItem(id, priceId, lookupKey, productId, priceTier, productTier, quantity, start, end, created);
    }
  }

  static final class SubBuilder {
    String id;
    String customer = CUSTOMER;
    String customerAccount;
    String status = "active";
    Instant created = CREATED;
    List<StripeItem> items = new ArrayList<>(List.of(item().build()));
    boolean cancelAtPeriodEnd;
    Instant cancelAt;
    Instant canceledAt;
    Instant endedAt;
    Instant trialStart;
    Instant trialEnd;
    Map<String, String> metadata = new LinkedHashMap<>(Map.of("seats", "5", "region", "eu"));

    SubBuilder(String id) { this.id = id; }
    SubBuilder customer(String v) { customer = v; return this; }
    SubBuilder customerAccount(String v) { customerAccount = v; return this; }
    SubBuilder status(String v) { status = v; return this; }
    SubBuilder created(Instant v) { created = v; return this; }
    SubBuilder items(StripeItem... v) { items = List.of(v); return this; }
    SubBuilder cancelAtPeriodEnd(boolean v) { cancelAtPeriodEnd = v; return this; }
    SubBuilder cancelAt(Instant v) { cancelAt = v; return this; }
    SubBuilder canceledAt(Instant v) { canceledAt = v; return this; }
    SubBuilder endedAt(Instant v) { endedAt = v; return this; }
    SubBuilder trial(Instant s, Instant e) { trialStart = s; trialEnd = e; return this; }
    SubBuilder metadata(Map<String, String> v) { metadata = v; return this; }

    StripeSubscription build() {
      return new StripeSubscription(id, customer, customerAccount, status, created, items, cancelAtPeriodEnd,
          cancelAt, canceledAt, endedAt, trialStart, trialEnd, metadata);
    }
  }

  /** The row that is exactly in sync with {@code s} (tier "pro", as price_pro resolves), with the given id. */
  static RowBuilder rowFor(StripeSubscription s, long rowId) {
    StripeItem i = s.items().isEmpty() ? null : s.items().get(0);
    RowBuilder r = new RowBuilder(rowId);
    r.subscriptionId = s.id();
    r.customer = s.customerId();
    r.status = s.status();
    r.priceId = i == null ? null : i.priceId();
    r.tier = "pro";
    r.quantity = i == null ? null : i.quantity();
    r.periodStart = i == null ? null : i.currentPeriodStart();
    r.periodEnd = i == null ? null : i.currentPeriodEnd();
    r.cancelAtPeriodEnd = s.cancelAtPeriodEnd();
    r.cancelAt = s.cancelAt();
    r.canceledAt = s.canceledAt();
    r.endedAt = s.endedAt();
    r.trialStart = s.trialStart();
    r.trialEnd = s.trialEnd();
    // MySQL's own formatting of a JSON column: spaces, its own key order
    r.metadata = "{\"region\": \"eu\", \"seats\": \"5\"}";
    return r;
  }

  static RowBuilder row(long rowId) {
    return new RowBuilder(rowId);
  }

  static final class RowBuilder {
    Long id;
    long org = ORG;
    String subscriptionId;
    String customer = CUSTOMER;
    String priceId = "price_pro";
    String tier = "pro";
    String status = "active";
    Long quantity = 1L;
    Instant periodStart = PERIOD_START;
    Instant periodEnd = PERIOD_END;
    boolean cancelAtPeriodEnd;
    Instant cancelAt;
    Instant canceledAt;
    Instant endedAt;
    Instant trialStart;
    Instant trialEnd;
    String metadata;
    Instant archivedAt;
    String archiveReason;
    int version = 3;
    Instant createdAt = CREATED;

    RowBuilder(Long id) { this.id = id; }
    RowBuilder org(long v) { org = v; return this; }
    RowBuilder subscriptionId(String v) { subscriptionId = v; return this; }
    RowBuilder customer(String v) { customer = v; return this; }
    RowBuilder priceId(String v) { priceId = v; return this; }
    RowBuilder tier(String v) { tier = v; return this; }
    RowBuilder status(String v) { status = v; return this; }
    RowBuilder quantity(Long v) { quantity = v; return this; }
    RowBuilder period(Instant s, Instant e) { periodStart = s; periodEnd = e; return this; }
    RowBuilder cancelAtPeriodEnd(boolean v) { cancelAtPeriodEnd = v; return this; }
    RowBuilder cancelAt(Instant v) { cancelAt = v; return this; }
    RowBuilder canceledAt(Instant v) { canceledAt = v; return this; }
    RowBuilder endedAt(Instant v) { endedAt = v; return this; }
    RowBuilder trial(Instant s, Instant e) { trialStart = s; trialEnd = e; return this; }
    RowBuilder metadata(String v) { metadata = v; return this; }
    RowBuilder archived(Instant at, String reason) { archivedAt = at; archiveReason = reason; return this; }
    RowBuilder version(int v) { version = v; return this; }
    RowBuilder createdAt(Instant v) { createdAt = v; return this; }

    SubscriptionRow build() {
      return new SubscriptionRow(id, org, subscriptionId, customer, priceId, tier, status, quantity, periodStart,
          periodEnd, cancelAtPeriodEnd, cancelAt, canceledAt, endedAt, trialStart, trialEnd, metadata, archivedAt,
          archiveReason, version, createdAt);
    }
  }
}
