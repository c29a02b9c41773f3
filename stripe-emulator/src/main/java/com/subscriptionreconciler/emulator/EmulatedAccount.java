package com.subscriptionreconciler.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The seeding and mutation API of one emulated Stripe account: what a Dashboard user, a support
 * agent or Stripe's own billing engine would do, each change recording the event(s) Stripe would
 * send, with a snapshot in {@code data.object} and, for updates, {@code previous_attributes}.
 *
 * <p>Writers are serialized on this object; HTTP readers never block on it.
 */
public final class EmulatedAccount {

  private static final long DAY = 86_400;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final AccountStore store;
  private final JsonRenderer renderer;
  private final IdGenerator ids;
  private volatile long now;
  private volatile boolean recordCreationEvents = true;
  private volatile java.util.function.Consumer<Event> eventListener;
  private volatile long eventVisibilitySeconds;
  private final Map<String, Long> eventVisibilityOverrides = new java.util.concurrent.ConcurrentHashMap<>();

  EmulatedAccount(AccountStore store, long seed, long startEpochSecond) {
    this.store = store;
    this.renderer = new JsonRenderer(store);
    this.ids = new IdGenerator(seed);
    this.now = startEpochSecond;
  }

  // ---- clock -------------------------------------------------------------------------------

  /** The account's clock (Unix seconds): default {@code created} and event time. */
  public long now() {
    return now;
  }

  public synchronized void setNow(long epochSecond) {
    this.now = epochSecond;
  }

  public synchronized void advanceSeconds(long seconds) {
    this.now += seconds;
  }

  /**
   * Whether creating customers and subscriptions records {@code *.created} events. Bulk seeding
   * turns this off: a seeded account's history is "older than 30 days", and it halves memory.
   */
  public void setRecordCreationEvents(boolean record) {
    this.recordCreationEvents = record;
  }

  /**
   * Stripe's event list is eventually consistent: an event can appear in {@code GET /v1/events} a little after its
   * {@code created} time. With a delay set, an event is listed only once the account clock has reached its
   * {@code created} plus the delay (whole seconds); retrieving it by id works at once. 0 (the default) lists every
   * event immediately.
   */
  public void setEventVisibilityDelay(java.time.Duration delay) {
    this.eventVisibilitySeconds = delay.toSeconds();
  }

  /**
   * One event's own delay, overriding {@link #setEventVisibilityDelay(java.time.Duration)}: on a busy account some
   * events show up later than newer ones, which is what an incremental cursor must survive.
   */
  public void setEventVisibilityDelay(String eventId, java.time.Duration delay) {
    eventVisibilityOverrides.put(eventId, delay.toSeconds());
  }

  /** Whether {@code GET /v1/events} shows the event yet. */
  boolean listable(Event event) {
    return event.created() + eventVisibilityOverrides.getOrDefault(event.id(), eventVisibilitySeconds) <= now;
  }

  // ---- creation ----------------------------------------------------------------------------

  public synchronized String createProduct(String name, Map<String, String> metadata) {
    return createProduct(null, name, metadata);
  }

  public synchronized String createProduct(String id, String name, Map<String, String> metadata) {
    String productId = id != null ? id : ids.next("prod", store::idTaken);
    store.products.put(new Product(productId, name, now, true, Metadata.copy(metadata)));
    return productId;
  }

  public synchronized String createPrice(PriceSpec spec) {
    if (!store.products.contains(spec.productId())) {
      throw new IllegalArgumentException("no such product: " + spec.productId());
    }
    if (!"month".equals(spec.interval()) && !"year".equals(spec.interval())) {
      throw new IllegalArgumentException("interval must be month or year: " + spec.interval());
    }
    String priceId = spec.id() != null ? spec.id() : ids.next("price", store::idTaken);
    store.prices.put(new Price(priceId, spec.productId(), spec.lookupKey(), spec.unitAmount(),
        spec.currency(), spec.interval(), now, true, Metadata.copy(spec.metadata())));
    return priceId;
  }

  public String createCustomer(String email, Map<String, String> metadata) {
    return createCustomer(CustomerSpec.of(email).withMetadata(metadata));
  }

  public synchronized String createCustomer(CustomerSpec spec) {
    String customerId = spec.id() != null ? spec.id() : ids.next("cus", store::idTaken);
    String accountId = !spec.representedAsAccount() ? null
        : spec.accountId() != null ? spec.accountId() : ids.next("acct", store::idTaken);
    if (spec.testClock() != null && !store.testClocks.contains(spec.testClock())) {
      throw new IllegalArgumentException("no such test clock: " + spec.testClock());
    }
    Customer customer = new Customer(customerId, spec.email(), spec.name(),
        spec.created() != null ? spec.created() : now, false, Metadata.copy(spec.metadata()), accountId,
        spec.testClock());
    store.putCustomer(customer);
    if (recordCreationEvents) {
      record("customer.created", customerJson(customer), null);
    }
    return customerId;
  }

  /**
   * Creates a sandbox test clock frozen at {@code frozenTime}; attach customers to it with
   * {@link CustomerSpec#onTestClock}.
   */
  public synchronized String createTestClock(String name, long frozenTime) {
    String clockId = ids.next("clock", store::idTaken);
    store.testClocks.put(new TestClock(clockId, name, frozenTime, now));
    return clockId;
  }

  /** The customer represented by the Account {@code acct_…}, if any. */
  public Optional<Customer> findCustomerOfAccount(String accountId) {
    return store.customerOfAccount(accountId).flatMap(store.customers::get);
  }

  public synchronized String createSubscription(SubscriptionSpec spec) {
    Customer customer = store.customers.get(spec.customerId)
        .orElseThrow(() -> new IllegalArgumentException("no such customer: " + spec.customerId));
    if (customer.deleted()) {
      throw new IllegalArgumentException("customer is deleted: " + spec.customerId);
    }
    if (spec.items.isEmpty()) {
      throw new IllegalArgumentException("a subscription needs at least one item");
    }
    Price firstPrice = price(spec.items.get(0).priceId());
    String subscriptionId = spec.id != null ? spec.id : ids.next("sub", store::idTaken);
    long created = spec.created != null ? spec.created : now;
    SubscriptionStatus status = spec.status;

    Long trialStart = spec.trialStart;
    Long trialEnd = spec.trialEnd;
    if (status == SubscriptionStatus.TRIALING && trialStart == null) {
      trialStart = created;
      trialEnd = Math.max(created + 14 * DAY, now + DAY);
    }
    Long canceledAt = spec.canceledAt;
    Long endedAt = null;
    if (status == SubscriptionStatus.CANCELED) {
      canceledAt = canceledAt != null ? canceledAt : Math.max(created, now - DAY);
      endedAt = canceledAt;
    } else if (status == SubscriptionStatus.INCOMPLETE_EXPIRED) {
      // Stripe expires an incomplete subscription after 23 hours.
      endedAt = created + 23 * 3600;
    }
    long periodEnd;
    long periodStart;
    if (spec.periodStart != null) {
      periodStart = spec.periodStart;
      periodEnd = spec.periodEnd;
    } else if (status == SubscriptionStatus.TRIALING) {
      periodStart = trialStart;
      periodEnd = trialEnd;
    } else {
      long reference = endedAt != null ? Math.max(created, endedAt - 1) : now;
      long[] period = periodContaining(created, reference, firstPrice.interval());
      periodStart = period[0];
      periodEnd = period[1];
    }
    boolean cancelAtPeriodEnd = spec.cancelAtPeriodEnd && !status.ended();
    Long cancelAt = cancelAtPeriodEnd ? periodEnd : null;
    if (cancelAtPeriodEnd && canceledAt == null) {
      canceledAt = Math.max(created, Math.min(now, periodEnd) - DAY);
    }

    List<SubscriptionItem> items = new ArrayList<>(spec.items.size());
    for (SubscriptionSpec.Item item : spec.items) {
      price(item.priceId());
      items.add(new SubscriptionItem(ids.next("si", store::idTaken), item.priceId(),
          item.quantity(), created, periodStart, periodEnd));
    }
    Subscription subscription = new Subscription(subscriptionId, customer.id(), status, created,
        created, cancelAtPeriodEnd, cancelAt, canceledAt, endedAt, trialStart, trialEnd,
        Metadata.copy(spec.metadata), List.copyOf(items));
    store.putSubscription(subscription);
    if (recordCreationEvents) {
      record("customer.subscription.created", subscriptionJson(subscription), null);
    }
    return subscriptionId;
  }

  // ---- mutations ---------------------------------------------------------------------------

  /** Moves the first item to another price (a plan change). */
  public synchronized void changePrice(String subscriptionId, String priceId) {
    price(priceId);
    Subscription s = subscription(subscriptionId);
    List<SubscriptionItem> items = new ArrayList<>(s.items());
    items.set(0, items.get(0).withPrice(priceId));
    update(s, s.withItems(List.copyOf(items)));
  }

  public synchronized void changeQuantity(String subscriptionId, long quantity) {
    Subscription s = subscription(subscriptionId);
    List<SubscriptionItem> items = new ArrayList<>(s.items());
    items.set(0, items.get(0).withQuantity(quantity));
    update(s, s.withItems(List.copyOf(items)));
  }

  public synchronized void updateSubscriptionMetadata(String subscriptionId, Map<String, String> metadata) {
    Subscription s = subscription(subscriptionId);
    update(s, s.withMetadata(Metadata.copy(metadata)));
  }

  /**
   * Sets a non-ended status (e.g. active → past_due). Pausing and resuming also record
   * {@code customer.subscription.paused}/{@code resumed}, as Stripe does.
   */
  public synchronized void setStatus(String subscriptionId, SubscriptionStatus status) {
    if (status.ended()) {
      throw new IllegalArgumentException("use cancelNow to end a subscription");
    }
    Subscription s = subscription(subscriptionId);
    Subscription changed = s.with(status, s.cancelAtPeriodEnd(), s.cancelAt(), s.canceledAt(), s.endedAt());
    update(s, changed);
    if (status == SubscriptionStatus.PAUSED && s.status() != SubscriptionStatus.PAUSED) {
      record("customer.subscription.paused", subscriptionJson(changed), null);
    } else if (s.status() == SubscriptionStatus.PAUSED && status != SubscriptionStatus.PAUSED) {
      record("customer.subscription.resumed", subscriptionJson(changed), null);
    }
  }

  /** Cancels now: status canceled, canceled_at = ended_at = now; {@code customer.subscription.deleted}. */
  public synchronized void cancelNow(String subscriptionId) {
    Subscription s = subscription(subscriptionId);
    cancel(s);
  }

  /** Schedules cancellation at period end: cancel_at_period_end, cancel_at = period end. */
  public synchronized void cancelAtPeriodEnd(String subscriptionId) {
    Subscription s = subscription(subscriptionId);
    update(s, s.with(s.status(), true, s.currentPeriodEnd(), now, s.endedAt()));
  }

  /** Undoes {@link #cancelAtPeriodEnd}. */
  public synchronized void renew(String subscriptionId) {
    Subscription s = subscription(subscriptionId);
    update(s, s.with(s.status(), false, null, null, s.endedAt()));
  }

  /** Records {@code customer.subscription.trial_will_end} (Stripe sends it three days before). */
  public synchronized void trialWillEnd(String subscriptionId) {
    record("customer.subscription.trial_will_end", subscriptionJson(subscription(subscriptionId)), null);
  }

  public synchronized void updateCustomerMetadata(String customerId, Map<String, String> metadata) {
    Customer before = liveCustomer(customerId);
    Customer after = before.withMetadata(Metadata.copy(metadata));
    store.putCustomer(after);
    record("customer.updated", customerJson(after), previousAttributes(customerJson(before), customerJson(after)));
  }

  /**
   * Deletes a customer as Stripe does: its live subscriptions are canceled immediately (one
   * {@code customer.subscription.deleted} each), then {@code customer.deleted}. The customer then
   * retrieves as {@code {"id":…,"object":"customer","deleted":true}} and leaves lists.
   */
  public synchronized void deleteCustomer(String customerId) {
    Customer customer = liveCustomer(customerId);
    for (Subscription s : store.subscriptionsOf(customerId)) {
      if (!s.status().ended()) {
        cancel(s);
      }
    }
    String snapshot = customerJson(customer);
    store.customers.unlist(customer.asDeleted());
    record("customer.deleted", snapshot, null);
  }

  /**
   * Makes a subscription vanish: retrieve answers {@code resource_missing} and lists skip it. Not
   * something Stripe's API does, but exactly what an orphaned database row looks like.
   */
  public synchronized void removeSubscription(String subscriptionId) {
    subscription(subscriptionId);
    store.removeSubscription(subscriptionId);
  }

  /** Marks an event as not (yet) delivered: {@code pending_webhooks} = n, {@code delivery_success=false}. */
  public synchronized void markUndelivered(String eventId, int pendingWebhooks) {
    if (pendingWebhooks < 1) {
      throw new IllegalArgumentException("pendingWebhooks must be >= 1");
    }
    Event e = store.events.get(eventId).orElseThrow(() -> new IllegalArgumentException("no such event: " + eventId));
    store.events.put(e.withPendingWebhooks(pendingWebhooks));
  }

  public synchronized void markDelivered(String eventId) {
    Event e = store.events.get(eventId).orElseThrow(() -> new IllegalArgumentException("no such event: " + eventId));
    store.events.put(e.withPendingWebhooks(0));
  }

  /** Drops every object (the clock and id sequence carry on). */
  public synchronized void clear() {
    store.clear();
  }

  // ---- reads -------------------------------------------------------------------------------

  public Optional<Customer> findCustomer(String id) {
    return store.customers.get(id);
  }

  public Optional<Subscription> findSubscription(String id) {
    return store.subscriptions.get(id);
  }

  public Optional<Price> findPrice(String id) {
    return store.prices.get(id);
  }

  public Optional<Product> findProduct(String id) {
    return store.products.get(id);
  }

  /** Every subscription, newest first. */
  public Stream<Subscription> subscriptions() {
    return store.subscriptions.listed().stream();
  }

  /** Every listed (not deleted) customer, newest first. */
  public Stream<Customer> customers() {
    return store.customers.listed().stream();
  }

  public Stream<Price> prices() {
    return store.prices.listed().stream();
  }

  public Stream<Product> products() {
    return store.products.listed().stream();
  }

  /** An event as {@code GET /v1/events/{id}} renders it: the body a webhook delivery carries. */
  public String eventJson(String eventId) {
    Event e = store.events.get(eventId).orElseThrow(() -> new IllegalArgumentException("no such event: " + eventId));
    return new String(JsonRenderer.render(g -> renderer.event(g, e)), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Called with every event as it is recorded (under the account's lock: keep it quick); null removes it. */
  void onEvent(java.util.function.Consumer<Event> listener) {
    this.eventListener = listener;
  }

  /** Every event, newest first. */
  public List<Event> events() {
    return List.copyOf(store.events.listed());
  }

  public List<Event> events(String type) {
    return store.events.listed().stream().filter(e -> e.type().equals(type)).toList();
  }

  public int subscriptionCount() {
    return store.subscriptions.listedSize();
  }

  // ---- internals ---------------------------------------------------------------------------

  private void cancel(Subscription s) {
    if (s.status().ended()) {
      throw new IllegalStateException("subscription already ended: " + s.id());
    }
    long at = Math.max(now, s.created());
    Subscription canceled = s.with(SubscriptionStatus.CANCELED, false, s.cancelAt(), at, at);
    store.putSubscription(canceled);
    record("customer.subscription.deleted", subscriptionJson(canceled), null);
  }

  private void update(Subscription before, Subscription after) {
    store.putSubscription(after);
    String afterJson = subscriptionJson(after);
    record("customer.subscription.updated", afterJson,
        previousAttributes(subscriptionJson(before), afterJson));
  }

  private void record(String type, String objectJson, String previousAttributesJson) {
    Event event = new Event(ids.next("evt", store::idTaken), type, now, objectJson, previousAttributesJson, 0);
    store.events.put(event);
    java.util.function.Consumer<Event> listener = eventListener;
    if (listener != null) {
      listener.accept(event);
    }
  }

  /** Stripe's previous_attributes: the old value of every top-level field that changed. */
  private static String previousAttributes(String beforeJson, String afterJson) {
    try {
      JsonNode before = MAPPER.readTree(beforeJson);
      JsonNode after = MAPPER.readTree(afterJson);
      ObjectNode previous = MAPPER.createObjectNode();
      for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!after.get(field).equals(before.get(field))) {
          previous.set(field, before.get(field));
        }
      }
      return MAPPER.writeValueAsString(previous);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String subscriptionJson(Subscription s) {
    return JsonRenderer.renderString(g -> renderer.subscription(g, s, Expansion.NONE));
  }

  private String customerJson(Customer c) {
    return JsonRenderer.renderString(g -> renderer.customer(g, c));
  }

  private Subscription subscription(String id) {
    return store.subscriptions.get(id)
        .orElseThrow(() -> new IllegalArgumentException("no such subscription: " + id));
  }

  private Customer liveCustomer(String id) {
    Customer c = store.customers.get(id)
        .orElseThrow(() -> new IllegalArgumentException("no such customer: " + id));
    if (c.deleted()) {
      throw new IllegalArgumentException("customer is deleted: " + id);
    }
    return c;
  }

  private Price price(String id) {
    return store.prices.get(id).orElseThrow(() -> new IllegalArgumentException("no such price: " + id));
  }

  /** The billing period (calendar months or years from {@code anchor}) that contains {@code at}. */
  static long[] periodContaining(long anchor, long at, String interval) {
    ZonedDateTime start = Instant.ofEpochSecond(anchor).atZone(ZoneOffset.UTC);
    boolean yearly = "year".equals(interval);
    long target = Math.max(at, anchor);
    ZonedDateTime atTime = Instant.ofEpochSecond(target).atZone(ZoneOffset.UTC);
    long steps = yearly
        ? java.time.temporal.ChronoUnit.YEARS.between(start, atTime)
        : java.time.temporal.ChronoUnit.MONTHS.between(start, atTime);
    ZonedDateTime periodStart = yearly ? start.plusYears(steps) : start.plusMonths(steps);
    ZonedDateTime periodEnd = yearly ? start.plusYears(steps + 1) : start.plusMonths(steps + 1);
    return new long[] {periodStart.toEpochSecond(), periodEnd.toEpochSecond()};
  }
}
