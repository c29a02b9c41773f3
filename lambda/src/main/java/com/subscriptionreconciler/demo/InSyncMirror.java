package com.subscriptionreconciler.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.emulator.Customer;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.Subscription;
import com.subscriptionreconciler.plan.OrganizationDeriver;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.PrimaryItemSelector;
import com.subscriptionreconciler.plan.StripeItem;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.plan.TierResolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The database rows that are exactly in sync with an emulated Stripe account under given rules: one
 * organization per listed customer, one subscription row per subscription.
 *
 * <p>In sync by construction, without the planner: each row holds its subscription's values as Stripe sends
 * them, the primary item's price, quantity and period ({@link PrimaryItemSelector}) and its price's tier
 * ({@link TierResolver}, NULL for a price no rule knows); the organization's columns come from
 * {@link OrganizationDeriver} over those rows. The tests judge "in sync" with an independent model of the
 * rules, so the planner is never compared with itself.
 *
 * <p>Ids are deterministic: organizations take the customer's {@code organization_id} metadata when it is a
 * positive number not used twice (the application's link, as the generator writes it), else the next id after
 * the largest; subscription rows are numbered from 1 in organization order, oldest subscription first. Rows
 * are produced lazily per customer, so a million-subscription account streams into the seeder.
 */
public final class InSyncMirror {

  /** One organization and its subscription rows, as seeded. */
  public record MirroredOrganization(SeedOrganization organization, List<SubscriptionRow> subscriptions) {
    public MirroredOrganization {
      subscriptions = List.copyOf(subscriptions);
    }
  }

  private static final String ORGANIZATION_ID_METADATA = "organization_id";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Comparator<Subscription> OLDEST_FIRST =
      Comparator.comparingLong(Subscription::created).thenComparing(Subscription::id);

  private final EmulatedStripeView stripe;
  private final ReconcileRules rules;
  private final TierResolver tiers;
  private final PrimaryItemSelector primaryItems;
  private final OrganizationDeriver deriver;
  private final List<Customer> customers;
  private final Map<String, Long> organizationIds;
  private final Map<String, List<Subscription>> subscriptionsByCustomer;

  /** Snapshots the account now: later changes to the account (drift) do not change the mirror. */
  public InSyncMirror(EmulatedAccount account, ReconcileRules rules) {
    this.stripe = new EmulatedStripeView(account);
    this.rules = rules;
    this.tiers = new TierResolver(rules.planTierMap(), rules.notPlans());
    this.primaryItems = new PrimaryItemSelector(tiers);
    this.deriver = new OrganizationDeriver(rules);
    this.customers = account.customers()
        .sorted(Comparator.comparingLong(Customer::created).thenComparing(Customer::id))
        .toList();
    this.organizationIds = assignOrganizationIds(customers);
    Map<String, List<Subscription>> byCustomer = new HashMap<>();
    account.subscriptions()
        .filter(s -> organizationIds.containsKey(s.customerId()))
        .forEach(s -> byCustomer.computeIfAbsent(s.customerId(), k -> new ArrayList<>(1)).add(s));
    byCustomer.values().forEach(list -> list.sort(OLDEST_FIRST));
    this.subscriptionsByCustomer = byCustomer;
  }

  public ReconcileRules rules() {
    return rules;
  }

  public int organizationCount() {
    return customers.size();
  }

  public long subscriptionCount() {
    return subscriptionsByCustomer.values().stream().mapToLong(List::size).sum();
  }

  /** Every organization with its rows, in id-assignment order (customers oldest first). Lazy; call again freely. */
  public Stream<MirroredOrganization> mirrored() {
    AtomicLong nextRowId = new AtomicLong(1);
    return customers.stream().map(c -> mirror(c, nextRowId));
  }

  public Stream<SeedOrganization> organizations() {
    return mirrored().map(MirroredOrganization::organization);
  }

  public Stream<SubscriptionRow> subscriptions() {
    return mirrored().flatMap(m -> m.subscriptions().stream());
  }

  /** Seeds organizations, then subscriptions (two lazy passes: the foreign key wants the organizations first). */
  public SeedResult seedInto(BillingDatabaseSeeder seeder) {
    return seeder.insertOrganizations(organizations()).plus(seeder.insertSubscriptions(subscriptions()));
  }

  private MirroredOrganization mirror(Customer customer, AtomicLong nextRowId) {
    long organizationId = organizationIds.get(customer.id());
    OrganizationRow empty = new OrganizationRow(
        organizationId, nameOf(customer), customer.id(), rules.defaultPlanTier(), "none");
    List<SubscriptionRow> rows = new ArrayList<>();
    for (Subscription s : subscriptionsByCustomer.getOrDefault(customer.id(), List.of())) {
      rows.add(rowOf(stripe.subscription(s), nextRowId.getAndIncrement(), organizationId));
    }
    OrganizationDeriver.Derived derived = deriver.target(empty, rows, false);
    SeedOrganization organization = new SeedOrganization(
        organizationId, empty.name(), customer.id(), derived.planTier(), derived.subscriptionStatus());
    return new MirroredOrganization(organization, List.copyOf(rows));
  }

  /**
   * The row the application would hold for {@code s}: Stripe's values as they are, the primary item's price,
   * quantity and period, and the tier of its price (NULL when no tier rule knows the price).
   */
  private SubscriptionRow rowOf(StripeSubscription s, long rowId, long organizationId) {
    Optional<StripeItem> item = primaryItems.primary(s.items());
    String tier = item.flatMap(tiers::tierOf).orElse(null);
    // The application created the row when the subscription was created: created_at ranks rows the same way
    // Stripe ranks subscriptions, which the id-less matching and organization tie-breaks rely on.
    return new SubscriptionRow(rowId, organizationId, s.id(), s.customerId(),
        item.map(StripeItem::priceId).orElse(null), tier, s.status(), item.map(StripeItem::quantity).orElse(null),
        item.map(StripeItem::currentPeriodStart).orElse(null), item.map(StripeItem::currentPeriodEnd).orElse(null),
        s.cancelAtPeriodEnd(), s.cancelAt(), s.canceledAt(), s.endedAt(), s.trialStart(), s.trialEnd(),
        json(s.metadata()), null, null, 0, s.created());
  }

  private static String json(Map<String, String> metadata) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(metadata));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string map always serializes", e);
    }
  }

  private static String nameOf(Customer customer) {
    return customer.name() != null ? customer.name() : customer.email();
  }

  private static Map<String, Long> assignOrganizationIds(List<Customer> customers) {
    Map<String, Long> ids = new HashMap<>();
    Set<Long> used = new HashSet<>();
    long max = 0;
    for (Customer c : customers) {
      Long wanted = parsePositive(c.metadata().get(ORGANIZATION_ID_METADATA));
      if (wanted != null && used.add(wanted)) {
        ids.put(c.id(), wanted);
        max = Math.max(max, wanted);
      }
    }
    long next = max + 1;
    for (Customer c : customers) {
      if (!ids.containsKey(c.id())) {
        while (used.contains(next)) {
          next++;
        }
        ids.put(c.id(), next);
        used.add(next);
      }
    }
    return ids;
  }

  private static Long parsePositive(String text) {
    if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      return null;
    }
    long value = Long.parseLong(text);
    return value > 0 ? value : null;
  }
}
