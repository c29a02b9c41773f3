package com.subscriptionreconciler.stripe;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.stripe.exception.ApiException;
import com.stripe.net.StripeResponse;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeItem;
import com.subscriptionreconciler.plan.StripeSubscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Stripe's subscription JSON (a list page or one object) into the planner's records. Pure: no requests;
 * product tiers come from the catalog read once per run.
 *
 * <p>Why not stripe-java's typed models: binding a page of 100 subscriptions with expanded customers through
 * stripe-java's reflective Gson models was about 40% of a full run's CPU, enough to keep a run below its
 * request budget on small machines (docs/performance.md). Jackson binds only the fields the planner reads and
 * skips the rest. The requests themselves still go through stripe-java ({@code rawRequest}): the same
 * authentication, API version, retries, pacing transport and typed errors. {@code SubscriptionDecoderTest}
 * checks this decoder against stripe-java's own models on Stripe's published fixture and on emulator pages.
 */
final class SubscriptionDecoder {
  static final String PLAN_TIER_METADATA_KEY = "plan_tier";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  private static final ObjectReader PAGE = JSON.readerFor(SubscriptionWire.ListPage.class);
  private static final ObjectReader ONE = JSON.readerFor(SubscriptionWire.Subscription.class);
  private static final ObjectReader ITEMS = JSON.readerFor(SubscriptionWire.ItemPage.class);

  private final Map<String, String> productPlanTiers;

  /** @param productPlanTiers product id → its {@code plan_tier} metadata, for products that have one */
  SubscriptionDecoder(Map<String, String> productPlanTiers) {
    this.productPlanTiers = Map.copyOf(productPlanTiers);
  }

  /** A list response: its subscriptions, the customers they expanded, and the cursor. */
  SubscriptionPage page(StripeResponse response) throws ApiException {
    return decodePage(response).page();
  }

  /** A retrieve response: the one subscription, with its customer when expanded. */
  SubscriptionPage one(StripeResponse response) throws ApiException {
    return decodeOne(response).page();
  }

  /**
   * A decoded response, and its subscriptions whose embedded {@code items} list has {@code has_more}: id → the
   * last embedded item's id, where the rest of the list starts. Those subscriptions carry only their embedded items
   * until the rest is added.
   */
  record Decoded(SubscriptionPage page, Map<String, String> incompleteItems) {}

  Decoded decodePage(StripeResponse response) throws ApiException {
    SubscriptionWire.ListPage list = read(PAGE, response);
    List<SubscriptionWire.Subscription> data = list.data() == null ? List.of() : list.data();
    List<StripeSubscription> subscriptions = new ArrayList<>(data.size());
    Map<String, StripeCustomer> customers = new LinkedHashMap<>();
    Map<String, String> incomplete = new LinkedHashMap<>();
    for (SubscriptionWire.Subscription s : data) {
      subscriptions.add(subscription(s));
      expandedCustomer(s, customers);
      noteIncompleteItems(s, incomplete);
    }
    String lastId = data.isEmpty() ? null : data.get(data.size() - 1).id();
    return new Decoded(
        new SubscriptionPage(subscriptions, List.copyOf(customers.values()), list.hasMore(), lastId), incomplete);
  }

  Decoded decodeOne(StripeResponse response) throws ApiException {
    SubscriptionWire.Subscription s = read(ONE, response);
    Map<String, StripeCustomer> customers = new LinkedHashMap<>();
    expandedCustomer(s, customers);
    Map<String, String> incomplete = new LinkedHashMap<>();
    noteIncompleteItems(s, incomplete);
    return new Decoded(
        new SubscriptionPage(List.of(subscription(s)), List.copyOf(customers.values()), false, s.id()), incomplete);
  }

  private static void noteIncompleteItems(SubscriptionWire.Subscription s, Map<String, String> into) {
    if (s.items() != null && s.items().hasMore() && s.items().data() != null && !s.items().data().isEmpty()) {
      into.put(s.id(), s.items().data().get(s.items().data().size() - 1).id());
    }
  }

  /** A {@code GET /v1/subscription_items} page: its items in Stripe's order, and the cursor. */
  ItemPage items(StripeResponse response) throws ApiException {
    SubscriptionWire.ItemPage page = read(ITEMS, response);
    List<SubscriptionWire.Item> data = page.data() == null ? List.of() : page.data();
    List<StripeItem> items = new ArrayList<>(data.size());
    data.forEach(i -> items.add(item(i)));
    return new ItemPage(items, page.hasMore(), data.isEmpty() ? null : data.get(data.size() - 1).id());
  }

  /** Items of one subscription past its embedded page. */
  record ItemPage(List<StripeItem> items, boolean hasMore, String lastId) {}

  private static <T> T read(ObjectReader reader, StripeResponse response) throws ApiException {
    try {
      return reader.readValue(response.body());
    } catch (JacksonException e) {
      // Jackson leaves the response text out of its messages, so nothing from the body reaches logs here
      throw new ApiException(
          "Stripe's response could not be read: " + e.getOriginalMessage(), response.requestId(), null,
          response.code(), e);
    }
  }

  private static void expandedCustomer(SubscriptionWire.Subscription s, Map<String, StripeCustomer> into) {
    // an unexpanded customer arrives as a bare id string, which says nothing about whether it was deleted
    if (s.customer() != null && s.customer().id() != null && s.customer().expanded()) {
      into.put(s.customer().id(), new StripeCustomer(s.customer().id(), s.customer().deleted()));
      if (s.customerAccount() != null && s.customer().deleted()) {
        // an organization may hold the acct_… of this customer: it is gone by that name too
        into.put(s.customerAccount(), new StripeCustomer(s.customerAccount(), true));
      }
    }
  }

  private StripeSubscription subscription(SubscriptionWire.Subscription s) {
    List<SubscriptionWire.Item> wireItems =
        s.items() == null || s.items().data() == null ? List.of() : s.items().data();
    List<StripeItem> items = new ArrayList<>(wireItems.size());
    for (SubscriptionWire.Item item : wireItems) {
      items.add(item(item));
    }
    return new StripeSubscription(
        s.id(),
        s.customer() == null ? null : s.customer().id(),
        s.customerAccount(),
        s.status(),
        instant(s.created()),
        items,
        Boolean.TRUE.equals(s.cancelAtPeriodEnd()),
        instant(s.cancelAt()),
        instant(s.canceledAt()),
        instant(s.endedAt()),
        instant(s.trialStart()),
        instant(s.trialEnd()),
        s.metadata());
  }

  private StripeItem item(SubscriptionWire.Item item) {
    SubscriptionWire.Price price = item.price();
    String productId = price == null || price.product() == null ? null : price.product().id();
    return new StripeItem(
        item.id(),
        price == null ? null : price.id(),
        price == null ? null : price.lookupKey(),
        productId,
        price == null || price.metadata() == null ? null : price.metadata().get(PLAN_TIER_METADATA_KEY),
        productId == null ? null : productPlanTiers.get(productId),
        item.quantity(),
        instant(item.currentPeriodStart()),
        instant(item.currentPeriodEnd()),
        instant(item.created()));
  }

  private static Instant instant(Long epochSeconds) {
    return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
  }
}
