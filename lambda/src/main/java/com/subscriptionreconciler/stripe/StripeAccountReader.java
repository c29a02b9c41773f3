package com.subscriptionreconciler.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Product;
import com.stripe.model.StripeCollection;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.net.ApiRequestParams;
import com.stripe.net.ApiResource;
import com.stripe.net.FormEncoder;
import com.stripe.net.StripeResponse;
import com.stripe.param.CustomerRetrieveParams;
import com.stripe.param.ProductListParams;
import com.stripe.param.SubscriptionItemListParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionRetrieveParams;
import com.stripe.param.testhelpers.TestClockListParams;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeItem;
import com.subscriptionreconciler.plan.StripeSubscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an account through stripe-java, only ever with GET requests: the product never writes to Stripe.
 *
 * <p>Every subscription list asks for {@code status=all} (canceled ones are drift too), {@code limit=100} (the
 * most Stripe allows, so a full run costs about N/100 requests) and {@code expand[]=data.customer}, which
 * tells us about deleted customers at no extra request. Prices arrive whole on the items, so tiers need no
 * price lookups; product metadata is read once per run by {@link #open}. A subscription embeds its first 10 items;
 * when its {@code items} list says {@code has_more}, the rest is read from {@code GET /v1/subscription_items} before
 * the subscription is handed on, so callers always see every item.
 *
 * <p>Subscriptions are requested through stripe-java's {@code rawRequest} with its typed parameter builders and
 * read by {@link SubscriptionDecoder}, which binds only what the planner needs; everything else (catalog,
 * customers) uses stripe-java's typed models.
 */
public final class StripeAccountReader {
  private static final Logger LOG = LoggerFactory.getLogger(StripeAccountReader.class);
  public static final long PAGE_SIZE = 100;
  private static final String RESOURCE_MISSING = "resource_missing";

  private static final String SUBSCRIPTIONS = "/v1/subscriptions";
  private static final String SUBSCRIPTION_ITEMS = "/v1/subscription_items";
  /** Accounts v2 ids: a customer represented as an Account is named by {@code customer_account}. */
  static final String ACCOUNT_PREFIX = "acct_";

  private final StripeClient client;
  private final CompletableFuture<SubscriptionDecoder> decoder;

  private StripeAccountReader(StripeClient client, CompletableFuture<SubscriptionDecoder> decoder) {
    this.client = client;
    this.decoder = decoder;
  }

  /** Reads the product catalog's {@code plan_tier} metadata (a handful of requests) and returns a reader. */
  public static StripeAccountReader open(StripeClient client) throws StripeException {
    return new StripeAccountReader(client, CompletableFuture.completedFuture(new SubscriptionDecoder(catalogTiers(client))));
  }

  /**
   * A reader whose catalog is read on {@code executor} while the first subscription pages are already being
   * requested: a full run's first page no longer waits a round trip for the catalog. Reading a subscription waits
   * for the catalog, and fails as the catalog read failed, if it did.
   */
  public static StripeAccountReader openReadingCatalogAlongside(StripeClient client, Executor executor) {
    CompletableFuture<SubscriptionDecoder> decoder = CompletableFuture.supplyAsync(() -> {
      try {
        return new SubscriptionDecoder(catalogTiers(client));
      } catch (StripeException e) {
        throw new CompletionException(e);
      }
    }, executor);
    return new StripeAccountReader(client, decoder);
  }

  /** Product id → {@code plan_tier} metadata, for every product that has one. */
  static Map<String, String> catalogTiers(StripeClient client) throws StripeException {
    Map<String, String> tiers = new HashMap<>();
    String after = null;
    do {
      ProductListParams.Builder params = ProductListParams.builder().setLimit(PAGE_SIZE);
      if (after != null) {
        params.setStartingAfter(after);
      }
      StripeCollection<Product> page = client.v1().products().list(params.build());
      for (Product p : page.getData()) {
        String tier = p.getMetadata() == null ? null : p.getMetadata().get(SubscriptionDecoder.PLAN_TIER_METADATA_KEY);
        if (tier != null && !tier.isBlank()) {
          tiers.put(p.getId(), tier);
        }
      }
      after = Boolean.TRUE.equals(page.getHasMore()) && !page.getData().isEmpty()
          ? page.getData().get(page.getData().size() - 1).getId()
          : null;
    } while (after != null);
    return tiers;
  }

  /** One page (newest first) of the subscriptions created in {@code range}, after the cursor if given. */
  public SubscriptionPage listSubscriptions(CreatedRange range, String startingAfter) throws StripeException {
    SubscriptionListParams.Builder params = baseListParams();
    SubscriptionListParams.Created.Builder created = SubscriptionListParams.Created.builder();
    if (range.fromInclusive() != null) {
      created.setGte(range.fromInclusive().getEpochSecond());
    }
    if (range.toExclusive() != null) {
      created.setLt(range.toExclusive().getEpochSecond());
    }
    params.setCreated(created.build());
    if (startingAfter != null) {
      params.setStartingAfter(startingAfter);
    }
    StripeResponse response = get(SUBSCRIPTIONS, params.build()); // sent before waiting for a catalog still loading
    return complete(decoder().decodePage(response));
  }

  /**
   * Every subscription attached to one test clock (a sandbox's subscriptions on a test clock are left out of the
   * plain list), canceled ones included.
   */
  public SubscriptionPage listTestClockSubscriptions(String testClockId) throws StripeException {
    return listAll(baseListParams().setTestClock(testClockId));
  }

  /** Whether {@code id} names a customer represented as an Account ({@code acct_…}) rather than a {@code cus_…}. */
  public static boolean isCustomerAccount(String id) {
    return id.startsWith(ACCOUNT_PREFIX);
  }

  /**
   * The ids of the account's test clocks (a sandbox's; a live account has none). A restricted key without Read on
   * test clocks gets none, with a warning: the run then treats test-clock subscriptions as before (retrieved when a
   * row names them) rather than failing.
   */
  public List<String> listTestClocks() throws StripeException {
    try {
      return testClockIds();
    } catch (PermissionException e) {
      LOG.warn("Stripe refused to list test clocks ({}): their subscriptions are not listed; give the restricted"
          + " key Read access to test clocks", e.getCode() == null ? "permission" : e.getCode());
      return List.of();
    }
  }

  private List<String> testClockIds() throws StripeException {
    List<String> ids = new ArrayList<>();
    String after = null;
    do {
      TestClockListParams.Builder params = TestClockListParams.builder().setLimit(PAGE_SIZE);
      if (after != null) {
        params.setStartingAfter(after);
      }
      StripeCollection<TestClock> page = client.v1().testHelpers().testClocks().list(params.build());
      page.getData().forEach(clock -> ids.add(clock.getId()));
      after = Boolean.TRUE.equals(page.getHasMore()) && !page.getData().isEmpty()
          ? page.getData().get(page.getData().size() - 1).getId()
          : null;
    } while (after != null);
    return ids;
  }

  /**
   * Every subscription of one customer, canceled ones included: {@code customerId} is a customer ({@code cus_…}) or
   * a customer represented as an Account ({@code acct_…}, listed by {@code customer_account}).
   */
  public SubscriptionPage listCustomerSubscriptions(String customerId) throws StripeException {
    SubscriptionListParams.Builder params = baseListParams();
    if (isCustomerAccount(customerId)) {
      params.setCustomerAccount(customerId);
    } else {
      params.setCustomer(customerId);
    }
    return listAll(params);
  }

  /** Every page of a subscription list, as one page. */
  private SubscriptionPage listAll(SubscriptionListParams.Builder params) throws StripeException {
    List<StripeSubscription> all = new ArrayList<>();
    Map<String, StripeCustomer> customers = new HashMap<>();
    String after = null;
    do {
      if (after != null) {
        params.setStartingAfter(after);
      }
      StripeResponse response = get(SUBSCRIPTIONS, params.build());
      SubscriptionPage page = complete(decoder().decodePage(response));
      all.addAll(page.subscriptions());
      page.customers().forEach(c -> customers.put(c.id(), c));
      after = page.hasMore() ? page.lastId() : null;
    } while (after != null);
    return new SubscriptionPage(all, List.copyOf(customers.values()), false, null);
  }

  /** The subscription as Stripe has it now, or empty when Stripe answers {@code resource_missing}. */
  public Optional<SubscriptionPage> retrieveSubscription(String id) throws StripeException {
    try {
      StripeResponse response =
          get(SUBSCRIPTIONS + "/" + ApiResource.urlEncodeId(id),
              SubscriptionRetrieveParams.builder().addExpand("customer").build());
      return Optional.of(complete(decoder().decodeOne(response)));
    } catch (InvalidRequestException e) {
      if (RESOURCE_MISSING.equals(e.getCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Adds to each subscription whose embedded {@code items} list has {@code has_more} the rest of its items, read
   * from {@code GET /v1/subscription_items?subscription=…} after the last embedded one (paced like every request),
   * so the planner always sees every item in Stripe's order.
   */
  private SubscriptionPage complete(SubscriptionDecoder.Decoded decoded) throws StripeException {
    if (decoded.incompleteItems().isEmpty()) {
      return decoded.page();
    }
    List<StripeSubscription> completed = new ArrayList<>(decoded.page().subscriptions().size());
    for (StripeSubscription s : decoded.page().subscriptions()) {
      String lastEmbedded = decoded.incompleteItems().get(s.id());
      completed.add(lastEmbedded == null ? s : s.withItems(allItems(s, lastEmbedded)));
    }
    SubscriptionPage page = decoded.page();
    return new SubscriptionPage(completed, page.customers(), page.hasMore(), page.lastId());
  }

  private List<StripeItem> allItems(StripeSubscription s, String lastEmbedded) throws StripeException {
    List<StripeItem> items = new ArrayList<>(s.items());
    String after = lastEmbedded;
    while (after != null) {
      StripeResponse response = get(SUBSCRIPTION_ITEMS,
          SubscriptionItemListParams.builder().setSubscription(s.id()).setLimit(PAGE_SIZE).setStartingAfter(after)
              .build());
      SubscriptionDecoder.ItemPage page = decoder().items(response);
      items.addAll(page.items());
      after = page.hasMore() ? page.lastId() : null;
    }
    return items;
  }

  /** The customer (possibly deleted), or empty when Stripe has no such customer at all. */
  public Optional<StripeCustomer> retrieveCustomer(String id) throws StripeException {
    try {
      Customer c = client.v1().customers().retrieve(id, CustomerRetrieveParams.builder().build());
      return Optional.of(new StripeCustomer(c.getId(), Boolean.TRUE.equals(c.getDeleted())));
    } catch (InvalidRequestException e) {
      if (RESOURCE_MISSING.equals(e.getCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static SubscriptionListParams.Builder baseListParams() {
    return SubscriptionListParams.builder()
        .setStatus(SubscriptionListParams.Status.ALL)
        .setLimit(PAGE_SIZE)
        .addExpand("data.customer");
  }

  private SubscriptionDecoder decoder() throws StripeException {
    try {
      return decoder.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof StripeException stripe) {
        throw stripe;
      }
      throw e;
    }
  }

  /** A GET through stripe-java (authentication, retries, errors as typed exceptions), answered as raw JSON. */
  private StripeResponse get(String path, ApiRequestParams params) throws StripeException {
    String query = FormEncoder.createQueryString(params.toMap());
    return client.rawRequest(ApiResource.RequestMethod.GET, query.isEmpty() ? path : path + "?" + query, null);
  }
}
