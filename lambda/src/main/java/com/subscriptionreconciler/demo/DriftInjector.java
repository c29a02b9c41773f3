package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.plan.SubscriptionRow;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.Price;
import com.subscriptionreconciler.emulator.Subscription;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.plan.PrimaryItemSelector;
import com.subscriptionreconciler.plan.StripeTarget;
import com.subscriptionreconciler.plan.SubscriptionField;
import com.subscriptionreconciler.plan.TierResolver;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Makes an in-sync database and emulated account drift apart, deterministically, and says exactly how
 * ({@link DriftManifest}). Database-side drift is plain SQL on the rows (as a wrong webhook handler would write,
 * {@code version} bumped); Stripe-side drift goes through the emulator's mutation API (as a Dashboard user or
 * Stripe's billing engine would). For Stripe-side drift the manifest's fields are computed, not assumed: the
 * subscription's target values (the planner's own {@link StripeTarget}) before and after the mutation.
 *
 * <p>Call it right after seeding an {@link InSyncMirror}, with that mirror's rows.
 */
public final class DriftInjector {

  /** Kinds {@link #percent} rotates through: each drifts one subscription without touching its neighbours. */
  static final List<DriftKind> PER_SUBSCRIPTION_KINDS = List.of(
      DriftKind.SUBSCRIPTION_CANCELED_IN_STRIPE,
      DriftKind.STATUS_STALE_IN_DATABASE,
      DriftKind.PRICE_CHANGED_IN_STRIPE,
      DriftKind.TIER_EDITED_IN_DATABASE,
      DriftKind.QUANTITY_CHANGED_IN_STRIPE,
      DriftKind.PERIOD_STALE_IN_DATABASE,
      DriftKind.CANCEL_AT_PERIOD_END_IN_STRIPE,
      DriftKind.METADATA_EDITED_IN_STRIPE,
      DriftKind.ROW_MISSING_IN_DATABASE,
      DriftKind.ORPHAN_ROW);

  private static final String STALE_ORGANIZATION_STATUS = "canceled";
  private static final Set<String> ENTITLED = Set.of("active", "trialing", "past_due");

  private final EmulatedAccount account;
  private final DataSource dataSource;
  private final ReconcileRules rules;
  private final EmulatedStripeView stripe;
  private final TierResolver tiers;
  private final StripeTarget.Factory targets;
  private final PrimaryItemSelector primaryItems;

  public DriftInjector(EmulatedAccount account, DataSource dataSource, ReconcileRules rules) {
    this.account = account;
    this.dataSource = dataSource;
    this.rules = rules;
    this.stripe = new EmulatedStripeView(account);
    this.tiers = new TierResolver(rules.planTierMap(), rules.notPlans());
    this.targets = new StripeTarget.Factory(tiers);
    this.primaryItems = new PrimaryItemSelector(tiers);
  }

  /**
   * One drift of every {@link DriftKind}, each on a different organization that has exactly one subscription,
   * so each drift's effect (and the organization re-derived after it) can be told apart. Organizations are
   * taken in a shuffled order from {@code seed}.
   *
   * @throws IllegalStateException when the mirror has no suitable organization left for some kind
   */
  public DriftManifest oneOfEach(List<InSyncMirror.MirroredOrganization> mirrored, long seed) {
    List<InSyncMirror.MirroredOrganization> candidates =
        new ArrayList<>(mirrored.stream().filter(m -> m.subscriptions().size() == 1).toList());
    Collections.shuffle(candidates, new Random(seed));
    Set<Long> used = new HashSet<>();
    DatabaseEdits edits = new DatabaseEdits();
    List<Drift> drifts = new ArrayList<>();
    for (DriftKind kind : DriftKind.values()) {
      if (kind == DriftKind.UNLINKED_CUSTOMER) {
        drifts.add(unlinkedCustomer());
        continue;
      }
      InSyncMirror.MirroredOrganization target = candidates.stream()
          .filter(m -> !used.contains(m.organization().id()))
          .filter(m -> applicable(kind, m.organization(), m.subscriptions().get(0), current(m.subscriptions().get(0))))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no single-subscription organization left for " + kind));
      used.add(target.organization().id());
      SubscriptionRow row = target.subscriptions().get(0);
      drifts.add(apply(kind, target.organization(), row, current(row), edits));
    }
    edits.apply(dataSource);
    return new DriftManifest(drifts);
  }

  /**
   * Drifts {@code round(fraction × subscriptions)} of the mirror's subscriptions, chosen by selection sampling
   * from {@code seed} (exact count, one pass, nothing buffered), kinds in rotation over
   * {@link #PER_SUBSCRIPTION_KINDS} (a kind that does not fit a subscription, e.g. cancel an ended one, passes
   * to the next). For the benchmark: organization-level kinds are left out, and the organizations of drifted
   * subscriptions may change too.
   */
  public DriftManifest percent(InSyncMirror mirror, double fraction, long seed) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be within [0, 1]: " + fraction);
    }
    long total = mirror.subscriptionCount();
    long wanted = Math.round(fraction * total);
    Random random = new Random(seed);
    DatabaseEdits edits = new DatabaseEdits();
    List<Drift> drifts = new ArrayList<>();
    long seen = 0;
    try (var rows = mirror.subscriptions()) {
      Iterator<SubscriptionRow> it = rows.iterator();
      while (it.hasNext() && drifts.size() < wanted) {
        SubscriptionRow row = it.next();
        // Algorithm S: pick with probability (still wanted) / (still unseen): exactly `wanted` in the end.
        if (random.nextDouble() * (total - seen) < wanted - drifts.size()) {
          Subscription current = current(row);
          int start = drifts.size() % PER_SUBSCRIPTION_KINDS.size();
          for (int i = 0; i < PER_SUBSCRIPTION_KINDS.size(); i++) {
            DriftKind kind = PER_SUBSCRIPTION_KINDS.get((start + i) % PER_SUBSCRIPTION_KINDS.size());
            if (applicable(kind, null, row, current)) {
              drifts.add(apply(kind, null, row, current, edits));
              break;
            }
          }
        }
        seen++;
      }
    }
    edits.apply(dataSource);
    return new DriftManifest(drifts);
  }

  private Subscription current(SubscriptionRow row) {
    return account.findSubscription(row.stripeSubscriptionId())
        .orElseThrow(() -> new IllegalStateException("not in the account: " + row.stripeSubscriptionId()));
  }

  private boolean applicable(DriftKind kind, SeedOrganization org, SubscriptionRow row, Subscription s) {
    boolean live = !s.status().ended();
    return switch (kind) {
      case SUBSCRIPTION_CANCELED_IN_STRIPE -> live;
      // the emulator changes the first item's quantity; the row mirrors the primary item, which may be another
      case QUANTITY_CHANGED_IN_STRIPE -> live && firstItemIsPrimary(s);
      case CANCEL_AT_PERIOD_END_IN_STRIPE -> live && !s.cancelAtPeriodEnd();
      // a tier the planner cannot resolve is kept as it is, so editing or re-pricing it is no drift
      case PRICE_CHANGED_IN_STRIPE -> live && s.items().size() == 1 && row.planTier() != null
          && otherTieredPrice(s.items().get(0).priceId(), row.planTier()).isPresent();
      case TIER_EDITED_IN_DATABASE -> row.planTier() != null;
      case CUSTOMER_DELETED_IN_STRIPE -> live;
      case ORGANIZATION_STALE_IN_DATABASE -> org != null && ENTITLED.contains(org.subscriptionStatus())
          && !(org.planTier().equals(rules.defaultPlanTier()) && org.subscriptionStatus().equals(STALE_ORGANIZATION_STATUS));
      case STATUS_STALE_IN_DATABASE, PERIOD_STALE_IN_DATABASE, METADATA_EDITED_IN_STRIPE, ROW_MISSING_IN_DATABASE,
          ORPHAN_ROW, ROW_WITHOUT_SUBSCRIPTION_ID -> true;
      case UNLINKED_CUSTOMER -> false;
    };
  }

  private Drift apply(DriftKind kind, SeedOrganization org, SubscriptionRow row, Subscription s, DatabaseEdits edits) {
    String id = s.id();
    return switch (kind) {
      case SUBSCRIPTION_CANCELED_IN_STRIPE -> stripeSide(kind, row, () -> account.cancelNow(id), row.status());
      case PRICE_CHANGED_IN_STRIPE -> {
        Price price = otherTieredPrice(s.items().get(0).priceId(), row.planTier()).orElseThrow();
        yield stripeSide(kind, row, () -> account.changePrice(id, price.id()), price.id());
      }
      case QUANTITY_CHANGED_IN_STRIPE -> {
        long quantity = s.items().get(0).quantity() + 5;
        yield stripeSide(kind, row, () -> account.changeQuantity(id, quantity), quantity);
      }
      case CANCEL_AT_PERIOD_END_IN_STRIPE ->
          stripeSide(kind, row, () -> account.cancelAtPeriodEnd(id), Instant.ofEpochSecond(s.currentPeriodEnd()));
      case METADATA_EDITED_IN_STRIPE -> {
        Map<String, String> metadata = new TreeMap<>(s.metadata());
        metadata.put("support_note", "goodwill credit, ticket 4711");
        yield stripeSide(kind, row, () -> account.updateSubscriptionMetadata(id, metadata), metadata);
      }
      case ORPHAN_ROW -> {
        account.removeSubscription(id);
        List<String> fields = new ArrayList<>(List.of(col(SubscriptionField.ARCHIVED_AT), col(SubscriptionField.ARCHIVE_REASON)));
        if (!"canceled".equals(row.status())) {
          fields.add(col(SubscriptionField.STATUS));
        }
        yield drift(kind, row, fields, row.status());
      }
      case CUSTOMER_DELETED_IN_STRIPE -> {
        StripeTarget before = targets.of(stripe.subscription(s));
        account.deleteCustomer(s.customerId());
        List<String> fields = changedColumns(before, targets.of(stripe.subscription(id).orElseThrow()));
        fields.add(col(SubscriptionField.ARCHIVED_AT));
        fields.add(col(SubscriptionField.ARCHIVE_REASON));
        yield drift(kind, row, fields, s.status().wire());
      }
      case STATUS_STALE_IN_DATABASE -> {
        String stale = "past_due".equals(row.status()) ? "active" : "past_due";
        edits.add("UPDATE subscriptions SET status = ?, version = version + 1 WHERE id = ?", stale, row.id());
        yield drift(kind, row, List.of(col(SubscriptionField.STATUS)), stale);
      }
      case TIER_EDITED_IN_DATABASE -> {
        String stale = "enterprise".equals(row.planTier()) ? "starter" : "enterprise";
        edits.add("UPDATE subscriptions SET plan_tier = ?, version = version + 1 WHERE id = ?", stale, row.id());
        yield drift(kind, row, List.of(col(SubscriptionField.PLAN_TIER)), stale);
      }
      case PERIOD_STALE_IN_DATABASE -> {
        Instant start = row.currentPeriodStart();
        Instant previousStart = start.minus(java.time.Duration.between(start, row.currentPeriodEnd()));
        edits.add("UPDATE subscriptions SET current_period_start = ?, current_period_end = ?, version = version + 1"
            + " WHERE id = ?", utc(previousStart), utc(start), row.id());
        yield drift(kind, row,
            List.of(col(SubscriptionField.CURRENT_PERIOD_START), col(SubscriptionField.CURRENT_PERIOD_END)), start);
      }
      case ROW_MISSING_IN_DATABASE -> {
        edits.add("DELETE FROM subscriptions WHERE id = ?", row.id());
        yield new Drift(kind, id, row.stripeCustomerId(), null, row.organizationId(), List.of(),
            kind.detail("row " + row.id() + " deleted"));
      }
      case ROW_WITHOUT_SUBSCRIPTION_ID -> {
        edits.add("UPDATE subscriptions SET stripe_subscription_id = NULL, version = version + 1 WHERE id = ?", row.id());
        yield drift(kind, row, List.of(col(SubscriptionField.STRIPE_SUBSCRIPTION_ID)), row.stripeCustomerId());
      }
      case ORGANIZATION_STALE_IN_DATABASE -> {
        edits.add("UPDATE organizations SET plan_tier = ?, subscription_status = ? WHERE id = ?",
            rules.defaultPlanTier(), STALE_ORGANIZATION_STATUS, org.id());
        List<String> fields = new ArrayList<>();
        if (!org.planTier().equals(rules.defaultPlanTier())) {
          fields.add("plan_tier");
        }
        if (!org.subscriptionStatus().equals(STALE_ORGANIZATION_STATUS)) {
          fields.add("subscription_status");
        }
        yield drift(kind, row, fields, rules.defaultPlanTier() + "/" + STALE_ORGANIZATION_STATUS);
      }
      case UNLINKED_CUSTOMER -> throw new IllegalArgumentException("not a per-subscription drift: " + kind);
    };
  }

  private Drift unlinkedCustomer() {
    String customer = account.createCustomer(
        CustomerSpec.of("billing@walk-in-trading.example").withName("Walk-in Trading Ltd"));
    Price price = account.prices()
        .filter(p -> tiers.tierOf(stripe.priceAsItem(p.id())).isPresent())
        .min(Comparator.comparing(Price::id))
        .orElseThrow(() -> new IllegalStateException("the account has no price with a plan tier"));
    String subscription = account.createSubscription(
        SubscriptionSpec.forCustomer(customer).price(price.id()).metadata(Map.of("source", "sales")));
    return new Drift(DriftKind.UNLINKED_CUSTOMER, subscription, customer, null, null, List.of(),
        DriftKind.UNLINKED_CUSTOMER.detail(customer));
  }

  /** Runs a Stripe-side mutation and records the target fields it moved; a mutation that moves none is a bug here. */
  private Drift stripeSide(DriftKind kind, SubscriptionRow row, Runnable mutation, Object detail) {
    StripeTarget before = targets.of(stripe.subscription(row.stripeSubscriptionId()).orElseThrow());
    mutation.run();
    StripeTarget after = targets.of(stripe.subscription(row.stripeSubscriptionId()).orElseThrow());
    List<String> fields = changedColumns(before, after);
    if (fields.isEmpty()) {
      throw new IllegalStateException(kind + " on " + row.stripeSubscriptionId() + " changed nothing the engine syncs");
    }
    return drift(kind, row, fields, detail);
  }

  private static Drift drift(DriftKind kind, SubscriptionRow row, List<String> fields, Object detail) {
    return new Drift(kind, row.stripeSubscriptionId(), row.stripeCustomerId(), row.id(), row.organizationId(),
        fields, kind.detail(detail));
  }

  private static List<String> changedColumns(StripeTarget before, StripeTarget after) {
    List<String> changed = new ArrayList<>();
    for (SubscriptionField f : SubscriptionField.SYNCED) {
      if (!after.keep().contains(f) && !f.type().same(before.values().get(f), after.values().get(f))) {
        changed.add(f.column());
      }
    }
    return changed;
  }

  private boolean firstItemIsPrimary(Subscription s) {
    String first = s.items().get(0).id();
    return primaryItems.primary(stripe.subscription(s).items()).map(i -> first.equals(i.id())).orElse(false);
  }

  /** An active price of the same interval whose tier resolves and differs; lowest id first, for determinism. */
  private Optional<Price> otherTieredPrice(String currentPriceId, String currentTier) {
    String interval = account.findPrice(currentPriceId).map(Price::interval).orElse(null);
    Predicate<Price> differentTier = p -> tiers.tierOf(stripe.priceAsItem(p.id()))
        .filter(t -> !t.equals(currentTier)).isPresent();
    return account.prices()
        .filter(Price::active)
        .filter(p -> p.interval().equals(interval))
        .filter(differentTier)
        .min(Comparator.comparing(Price::id));
  }

  private static String col(SubscriptionField f) {
    return f.column();
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
