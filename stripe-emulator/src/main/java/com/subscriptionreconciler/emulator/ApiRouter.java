package com.subscriptionreconciler.emulator;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Maps a GET to its list or retrieve handler and renders the answer. Knows Stripe's parameters and
 * filters; knows nothing about HTTP, auth or faults.
 */
final class ApiRouter {

  private static final int MAX_EVENT_TYPES = 20;

  private final AccountStore store;
  private final EmulatedAccount account;
  private final JsonRenderer renderer;

  ApiRouter(AccountStore store, EmulatedAccount account) {
    this.store = store;
    this.account = account;
    this.renderer = new JsonRenderer(store);
  }

  private static final String TEST_HELPERS = "test_helpers";

  /**
   * The template a path is counted under: {@code /v1/subscriptions/{id}} for a retrieve. Test helpers
   * live one level deeper: {@code /v1/test_helpers/test_clocks} is a list.
   */
  static String template(String path) {
    String[] parts = path.split("/", -1);
    int id = parts.length > 2 && parts[2].equals(TEST_HELPERS) ? 4 : 3;
    if (parts.length == id + 1 && parts[1].equals("v1") && !parts[id].isEmpty()) {
      return String.join("/", java.util.Arrays.copyOf(parts, id)) + "/{id}";
    }
    return path;
  }

  byte[] get(String path, QueryParams q) {
    String[] parts = path.split("/", -1);
    if (parts.length >= 4 && parts[1].equals("v1") && parts[2].equals(TEST_HELPERS)
        && parts[3].equals("test_clocks")) {
      if (parts.length == 4) {
        return listTestClocks(q);
      }
      if (parts.length == 5 && !parts[4].isEmpty()) {
        return retrieveTestClock(parts[4], q);
      }
      throw ApiError.unrecognizedUrl("GET", path);
    }
    if (parts.length < 3 || parts.length > 4 || !parts[1].equals("v1")
        || (parts.length == 4 && parts[3].isEmpty())) {
      throw ApiError.unrecognizedUrl("GET", path);
    }
    String kind = parts[2];
    String id = parts.length == 4 ? parts[3] : null;
    return switch (kind) {
      case "customers" -> id == null ? listCustomers(q) : retrieveCustomer(id, q);
      case "products" -> id == null ? listProducts(q) : retrieveProduct(id, q);
      case "prices" -> id == null ? listPrices(q) : retrievePrice(id, q);
      case "subscriptions" -> id == null ? listSubscriptions(q) : retrieveSubscription(id, q);
      case "subscription_items" -> id == null ? listSubscriptionItems(q) : retrieveSubscriptionItem(id, q);
      case "events" -> id == null ? listEvents(q) : retrieveEvent(id, q);
      default -> throw ApiError.unrecognizedUrl("GET", path);
    };
  }

  // ---- the emulator's own test helper ---------------------------------------------------------

  /**
   * {@code POST /v1/test_helpers/subscriptions/{id}/change}: the one write the emulator takes, and it has no Stripe
   * equivalent — it stands for a change made in Stripe (the Dashboard, the customer portal, a renewal), so a local
   * run can watch the change reach the database. Form fields, each optional, applied in this order and each
   * recording its event as Stripe would: {@code price} (the first item's price), {@code quantity}, {@code status}
   * (a non-ended status), {@code cancel} ({@code now} or {@code at_period_end}). Answers the subscription.
   */
  static final String CHANGE_PATH = "^/v1/test_helpers/subscriptions/([A-Za-z0-9_]+)/change$";

  static boolean isChange(String method, String path) {
    return method.equals("POST") && path.matches(CHANGE_PATH);
  }

  byte[] change(String path, QueryParams form) {
    String id = path.replaceFirst(CHANGE_PATH, "$1");
    form.requireOnly(Set.of("price", "quantity", "status", "cancel"));
    store.subscriptions.get(id).orElseThrow(() -> ApiError.missing("subscription", id, "id"));
    String price = form.string("price");
    Long quantity = form.integer("quantity");
    String status = form.string("status");
    String cancel = form.string("cancel");
    if (price == null && quantity == null && status == null && cancel == null) {
      throw ApiError.invalid(null, "Nothing to change: send price, quantity, status or cancel");
    }
    if (price != null) {
      store.prices.get(price).orElseThrow(() -> ApiError.missing("price", price, "price"));
      account.changePrice(id, price);
    }
    if (quantity != null) {
      if (quantity < 1) {
        throw ApiError.invalid("quantity", "quantity must be at least 1");
      }
      account.changeQuantity(id, quantity);
    }
    if (status != null) {
      SubscriptionStatus parsed;
      try {
        parsed = SubscriptionStatus.fromWire(status);
      } catch (IllegalArgumentException e) {
        throw ApiError.invalid("status", "Invalid status: " + status);
      }
      if (parsed.ended()) {
        throw ApiError.invalid("status", "End a subscription with cancel=now, not status=" + status);
      }
      account.setStatus(id, parsed);
    }
    if (cancel != null) {
      switch (cancel) {
        case "now" -> account.cancelNow(id);
        case "at_period_end" -> account.cancelAtPeriodEnd(id);
        default -> throw ApiError.invalid("cancel", "cancel must be now or at_period_end, not " + cancel);
      }
    }
    Subscription changed = store.subscriptions.get(id).orElseThrow();
    return JsonRenderer.render(g -> renderer.subscription(g, changed, Expansion.parse(List.of(), "subscription", "")));
  }

  // ---- customers -----------------------------------------------------------------------------

  private byte[] listCustomers(QueryParams q) {
    ListRequest req = ListRequest.parse(q, Set.of("email"));
    noExpansion(req.expand);
    String email = q.string("email");
    Predicate<Customer> filter = c -> email == null || email.equals(c.email());
    ObjectIndex.Page<Customer> page = store.customers.page(req.window(store.customers, "customer"), filter);
    return JsonRenderer.render(g -> renderer.list(g, "/v1/customers", page.data(), page.hasMore(), renderer::customer));
  }

  private byte[] retrieveCustomer(String id, QueryParams q) {
    noExpansion(retrieveExpand(q));
    Customer c = store.customers.get(id).orElseThrow(() -> ApiError.missing("customer", id, "id"));
    return JsonRenderer.render(g -> renderer.customer(g, c));
  }

  // ---- products ------------------------------------------------------------------------------

  private byte[] listProducts(QueryParams q) {
    ListRequest req = ListRequest.parse(q, Set.of("active"));
    noExpansion(req.expand);
    Boolean active = q.bool("active");
    ObjectIndex.Page<Product> page = store.products.page(req.window(store.products, "product"),
        p -> active == null || p.active() == active);
    return JsonRenderer.render(g -> renderer.list(g, "/v1/products", page.data(), page.hasMore(), renderer::product));
  }

  private byte[] retrieveProduct(String id, QueryParams q) {
    noExpansion(retrieveExpand(q));
    Product p = store.products.get(id).orElseThrow(() -> ApiError.missing("product", id, "id"));
    return JsonRenderer.render(g -> renderer.product(g, p));
  }

  // ---- prices --------------------------------------------------------------------------------

  private byte[] listPrices(QueryParams q) {
    ListRequest req = ListRequest.parse(q, Set.of("active", "product", "lookup_keys[]"));
    Expansion expand = Expansion.parse(req.expand, "price", "data.");
    Boolean active = q.bool("active");
    String product = q.string("product");
    Set<String> lookupKeys = new HashSet<>(q.list("lookup_keys[]"));
    ObjectIndex.Page<Price> page = store.prices.page(req.window(store.prices, "price"),
        p -> (active == null || p.active() == active)
            && (product == null || product.equals(p.productId()))
            && (lookupKeys.isEmpty() || lookupKeys.contains(p.lookupKey())));
    return JsonRenderer.render(g -> renderer.list(g, "/v1/prices", page.data(), page.hasMore(),
        (gen, p) -> renderer.price(gen, p, expand.product())));
  }

  private byte[] retrievePrice(String id, QueryParams q) {
    Expansion expand = Expansion.parse(retrieveExpand(q), "price", "");
    Price p = store.prices.get(id).orElseThrow(() -> ApiError.missing("price", id, "id"));
    return JsonRenderer.render(g -> renderer.price(g, p, expand.product()));
  }

  // ---- subscriptions -------------------------------------------------------------------------

  private byte[] listSubscriptions(QueryParams q) {
    ListRequest req = ListRequest.parse(q, Set.of("status", "customer", "customer_account", "price", "test_clock"));
    Expansion expand = Expansion.parse(req.expand, "subscription", "data.");
    Set<SubscriptionStatus> statuses = statuses(q.string("status"));
    String customer = q.string("customer");
    String customerAccount = q.string("customer_account");
    String testClock = q.string("test_clock");
    if (customer != null && customerAccount != null) {
      throw ApiError.invalid("customer_account",
          "You may only specify one of these parameters: customer, customer_account.");
    }
    if (testClock != null && !store.testClocks.contains(testClock)) {
      throw ApiError.missing("test_helpers.test_clock", testClock, "test_clock");
    }
    if (customerAccount != null) {
      // an Account with no customer configuration has no subscriptions: an empty list, as in Stripe
      customer = store.customerOfAccount(customerAccount).orElse(customerAccount);
    }
    String price = q.string("price");
    // A sandbox leaves test-clock subscriptions out of the plain list: only test_clock or a customer shows them.
    boolean hideClocks = customer == null && testClock == null && store.testClocks.listedSize() > 0;
    Predicate<Subscription> filter = s -> statuses.contains(s.status())
        && (price == null || s.items().stream().anyMatch(i -> i.priceId().equals(price)))
        && (testClock == null || testClock.equals(store.testClockOf(s)))
        && (!hideClocks || store.testClockOf(s) == null);
    ListWindow window = req.window(store.subscriptions, "subscription");
    // A customer's subscriptions come from the per-customer index, so the filter stays cheap.
    ObjectIndex.Page<Subscription> page = customer == null
        ? store.subscriptions.page(window, filter)
        : ObjectIndex.page(store.subscriptionsOf(customer), window, filter);
    return JsonRenderer.render(g -> renderer.list(g, "/v1/subscriptions", page.data(), page.hasMore(),
        (gen, s) -> renderer.subscription(gen, s, expand)));
  }

  /** Stripe: no status = everything not ended; {@code all}; {@code ended}; or one status. */
  private static Set<SubscriptionStatus> statuses(String status) {
    if (status == null) {
      EnumSet<SubscriptionStatus> live = EnumSet.allOf(SubscriptionStatus.class);
      live.removeIf(SubscriptionStatus::ended);
      return live;
    }
    switch (status) {
      case "all":
        return EnumSet.allOf(SubscriptionStatus.class);
      case "ended":
        return EnumSet.of(SubscriptionStatus.CANCELED, SubscriptionStatus.INCOMPLETE_EXPIRED);
      default:
        try {
          return EnumSet.of(SubscriptionStatus.fromWire(status));
        } catch (IllegalArgumentException e) {
          throw ApiError.invalid("status", "Invalid status: must be one of active, all, canceled, "
              + "ended, incomplete, incomplete_expired, past_due, paused, trialing, or unpaid");
        }
    }
  }

  private byte[] retrieveSubscription(String id, QueryParams q) {
    Expansion expand = Expansion.parse(retrieveExpand(q), "subscription", "");
    Subscription s = store.subscriptions.get(id).orElseThrow(() -> ApiError.missing("subscription", id, "id"));
    return JsonRenderer.render(g -> renderer.subscription(g, s, expand));
  }

  // ---- subscription items --------------------------------------------------------------------

  /**
   * One subscription's items in the order they were added (the order of its embedded list), paged
   * by item id; {@code subscription} is required, as in Stripe. Items carry no {@code created}
   * range filter.
   */
  private byte[] listSubscriptionItems(QueryParams q) {
    q.requireOnly(Set.of("subscription", "limit", "starting_after", "ending_before", "expand[]"));
    String subscriptionId = q.string("subscription");
    if (subscriptionId == null || subscriptionId.isEmpty()) {
      throw ApiError.invalid("subscription", "Missing required param: subscription.");
    }
    Expansion expand = Expansion.parse(q.list("expand[]"), "subscription_item", "data.");
    Long limitParam = q.integer("limit");
    if (limitParam != null && (limitParam < 1 || limitParam > 100)) {
      throw ApiError.invalid("limit", "This value must be between 1 and 100.");
    }
    int limit = limitParam == null ? 10 : limitParam.intValue();
    Subscription s = store.subscriptions.get(subscriptionId)
        .orElseThrow(() -> ApiError.missing("subscription", subscriptionId, "subscription"));
    List<SubscriptionItem> items = s.items();
    String after = q.string("starting_after");
    String before = q.string("ending_before");
    if (after != null && before != null) {
      throw ApiError.invalid("starting_after",
          "Received both starting_after and ending_before parameters. Please pass in only one.");
    }
    int from = 0;
    int to = items.size();
    if (after != null) {
      from = itemIndex(items, after, "starting_after") + 1;
      to = Math.min(items.size(), from + limit);
    } else if (before != null) {
      to = itemIndex(items, before, "ending_before");
      from = Math.max(0, to - limit);
    } else {
      to = Math.min(items.size(), limit);
    }
    List<SubscriptionItem> page = items.subList(from, to);
    boolean hasMore = before != null ? from > 0 : to < items.size();
    return JsonRenderer.render(g -> renderer.list(g, "/v1/subscription_items", page, hasMore,
        (gen, item) -> renderer.item(gen, s, item, expand.product())));
  }

  private static int itemIndex(List<SubscriptionItem> items, String id, String param) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).id().equals(id)) {
        return i;
      }
    }
    throw ApiError.missing("subscription_item", id, param);
  }

  private byte[] retrieveSubscriptionItem(String id, QueryParams q) {
    Expansion expand = Expansion.parse(retrieveExpand(q), "subscription_item", "");
    for (Subscription s : store.subscriptions.listed()) {
      for (SubscriptionItem item : s.items()) {
        if (item.id().equals(id)) {
          return JsonRenderer.render(g -> renderer.item(g, s, item, expand.product()));
        }
      }
    }
    throw ApiError.missing("subscription_item", id, "id");
  }

  // ---- test clocks ---------------------------------------------------------------------------

  private byte[] listTestClocks(QueryParams q) {
    ListRequest req = ListRequest.parse(q, Set.of());
    noExpansion(req.expand);
    ObjectIndex.Page<TestClock> page = store.testClocks.page(req.window(store.testClocks, "test_helpers.test_clock"),
        c -> true);
    return JsonRenderer.render(g -> renderer.list(g, "/v1/test_helpers/test_clocks", page.data(), page.hasMore(),
        renderer::testClock));
  }

  private byte[] retrieveTestClock(String id, QueryParams q) {
    noExpansion(retrieveExpand(q));
    TestClock c = store.testClocks.get(id).orElseThrow(() -> ApiError.missing("test_helpers.test_clock", id, "id"));
    return JsonRenderer.render(g -> renderer.testClock(g, c));
  }

  // ---- events --------------------------------------------------------------------------------

  private byte[] listEvents(QueryParams q) {
    ListRequest req = ListRequest.parse(q, Set.of("type", "types[]", "delivery_success"));
    noExpansion(req.expand);
    String type = q.string("type");
    List<String> types = q.list("types[]");
    if (type != null && !types.isEmpty()) {
      throw ApiError.invalid("types", "You may only specify one of these parameters: type, types.");
    }
    if (types.size() > MAX_EVENT_TYPES) {
      throw ApiError.invalid("types", "You may pass at most " + MAX_EVENT_TYPES + " types.");
    }
    Boolean deliverySuccess = q.bool("delivery_success");
    Predicate<Event> filter = e -> account.listable(e) && (type == null || typeMatches(type, e.type()))
        && (types.isEmpty() || types.stream().anyMatch(t -> typeMatches(t, e.type())))
        && (deliverySuccess == null || deliverySuccess == (e.pendingWebhooks() == 0));
    ObjectIndex.Page<Event> page = store.events.page(req.window(store.events, "event"), filter);
    return JsonRenderer.render(g -> renderer.list(g, "/v1/events", page.data(), page.hasMore(), renderer::event));
  }

  /** Stripe accepts a trailing wildcard, e.g. {@code customer.subscription.*}. */
  private static boolean typeMatches(String pattern, String type) {
    if (pattern.endsWith("*")) {
      return type.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(type);
  }

  private byte[] retrieveEvent(String id, QueryParams q) {
    noExpansion(retrieveExpand(q));
    Event e = store.events.get(id).orElseThrow(() -> ApiError.missing("event", id, "id"));
    return JsonRenderer.render(g -> renderer.event(g, e));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static List<String> retrieveExpand(QueryParams q) {
    q.requireOnly(Set.of("expand[]"));
    return q.list("expand[]");
  }

  private static void noExpansion(List<String> expand) {
    if (!expand.isEmpty()) {
      Expansion.parse(expand, "none", expand.get(0).startsWith("data.") ? "data." : "");
    }
  }
}
