package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.reflect.TypeToken;
import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.net.ApiResource;
import com.stripe.net.HttpHeaders;
import com.stripe.net.StripeResponse;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.plan.StripeCustomer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The decoder must read exactly what stripe-java's own models read: checked on Stripe's published example
 * objects (from Stripe's OpenAPI fixtures) and on every page of a generated account served over HTTP.
 */
class SubscriptionDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PRODUCT = "prod_QXg1hqf4jFNsqG";
  private static final Map<String, String> TIERS = Map.of(PRODUCT, "pro");
  private static final Type SUBSCRIPTION_LIST = new TypeToken<StripeCollection<Subscription>>() {}.getType();

  private final SubscriptionDecoder decoder = new SubscriptionDecoder(TIERS);
  private final TypedModelOracle oracle = new TypedModelOracle(TIERS);

  @Test
  void stripesPublishedSubscriptionReadsAsStripeJavaReadsIt() throws Exception {
    String json = fixture("subscription").toString();

    SubscriptionPage decoded = decoder.one(ok(json));

    assertThat(decoded).isEqualTo(oracle.one(ApiResource.GSON.fromJson(json, Subscription.class)));
    assertThat(decoded.subscriptions().get(0).id()).isEqualTo("sub_1Pgc6rB7WZ01zgkWNy0Cn5nw");
    assertThat(decoded.subscriptions().get(0).items()).singleElement()
        .satisfies(item -> {
          assertThat(item.priceId()).isEqualTo("price_1PgafmB7WZ01zgkW6dKueIc5");
          assertThat(item.productPlanTier()).isEqualTo("pro");
          assertThat(item.currentPeriodEnd()).isNotNull();
        });
    assertThat(decoded.customers()).as("an unexpanded customer says nothing about deletion").isEmpty();
  }

  @Test
  void anAccountCustomersSubscriptionCarriesBothIdsAsStripeJavaReadsThem() throws Exception {
    // Stripe returns both ids for a customer represented as an Account: customer (cus_…) and customer_account
    String json = fixture("subscription").put("customer_account", "acct_1PgafTB7WZ01zgkW").toString();

    SubscriptionPage decoded = decoder.one(ok(json));

    assertThat(decoded).isEqualTo(oracle.one(ApiResource.GSON.fromJson(json, Subscription.class)));
    assertThat(decoded.subscriptions().get(0).customerIdentities())
        .containsExactly("cus_QXg1o8vcGmoR32", "acct_1PgafTB7WZ01zgkW");
  }

  @Test
  void aDeletedAccountCustomerIsReportedDeletedUnderItsAcctIdToo() throws Exception {
    ObjectNode subscription = fixture("subscription").put("customer_account", "acct_1PgafTB7WZ01zgkW");
    subscription.putObject("customer").put("id", "cus_QXg1o8vcGmoR32").put("object", "customer").put("deleted", true);

    SubscriptionPage decoded = decoder.one(ok(subscription.toString()));

    assertThat(decoded.customers()).containsExactly(
        new StripeCustomer("cus_QXg1o8vcGmoR32", true), new StripeCustomer("acct_1PgafTB7WZ01zgkW", true));
  }

  @Test
  void anEmbeddedItemListWithMoreIsMarkedIncompleteFromItsLastItem() throws Exception {
    ObjectNode subscription = fixture("subscription");
    ((ObjectNode) subscription.get("items")).put("has_more", true);
    String json = "{\"object\":\"list\",\"data\":[" + subscription + "," + fixture("subscription").put("id", "sub_b")
        + "],\"has_more\":false}";

    SubscriptionDecoder.Decoded decoded = decoder.decodePage(ok(json));

    assertThat(decoded.incompleteItems()).containsExactly(Map.entry("sub_1Pgc6rB7WZ01zgkWNy0Cn5nw", "si_QXhVnC2h0Jczwc"));
  }

  @Test
  void stripesPublishedSubscriptionItemReadsAsTheEmbeddedItemsDo() throws Exception {
    ObjectNode item = fixture("subscription_item");
    String json = "{\"object\":\"list\",\"data\":[" + item + "],\"has_more\":true,\"url\":\"/v1/subscription_items\"}";

    SubscriptionDecoder.ItemPage page = decoder.items(ok(json));

    assertThat(page.hasMore()).isTrue();
    assertThat(page.lastId()).isEqualTo("si_QXhVBoJ7NQdNXh");
    assertThat(page.items()).singleElement().satisfies(i -> {
      assertThat(i.priceId()).isEqualTo("price_1PgafmB7WZ01zgkW6dKueIc5");
      assertThat(i.productPlanTier()).isEqualTo("pro");
      assertThat(i.quantity()).isEqualTo(1L);
      assertThat(i.created()).isEqualTo(java.time.Instant.ofEpochSecond(1721954060));
    });
  }

  @Test
  void expandedCustomerAndProductObjectsReadAsStripeJavaReadsThem() throws Exception {
    ObjectNode subscription = fixture("subscription");
    ObjectNode customer = fixture("customer");
    customer.put("id", subscription.get("customer").asText());
    subscription.set("customer", customer);
    ObjectNode price = (ObjectNode) subscription.at("/items/data/0/price");
    price.set("product", fixture("product").put("id", PRODUCT));
    price.putObject("metadata").put("plan_tier", "enterprise");
    String json = subscription.toString();

    SubscriptionPage decoded = decoder.one(ok(json));

    assertThat(decoded).isEqualTo(oracle.one(ApiResource.GSON.fromJson(json, Subscription.class)));
    assertThat(decoded.customers()).containsExactly(new StripeCustomer("cus_QXg1o8vcGmoR32", false));
    assertThat(decoded.subscriptions().get(0).items().get(0).productId()).isEqualTo(PRODUCT);
    assertThat(decoded.subscriptions().get(0).items().get(0).pricePlanTier()).isEqualTo("enterprise");
  }

  @Test
  void aDeletedCustomerTombstoneIsReported() throws Exception {
    ObjectNode subscription = fixture("subscription");
    subscription.putObject("customer").put("id", "cus_gone").put("object", "customer").put("deleted", true);
    String json = subscription.toString();

    SubscriptionPage decoded = decoder.one(ok(json));

    assertThat(decoded).isEqualTo(oracle.one(ApiResource.GSON.fromJson(json, Subscription.class)));
    assertThat(decoded.customers()).containsExactly(new StripeCustomer("cus_gone", true));
    assertThat(decoded.subscriptions().get(0).customerId()).isEqualTo("cus_gone");
  }

  @Test
  void aListPageKeepsOrderHasMoreAndTheCursor() throws Exception {
    ObjectNode first = fixture("subscription").put("id", "sub_newer");
    ObjectNode second = fixture("subscription").put("id", "sub_older").put("status", "canceled");
    second.putObject("metadata").put("organization_id", "org_9");
    ObjectNode list = JSON.createObjectNode().put("object", "list").put("has_more", true).put("url", "/v1/subscriptions");
    list.putArray("data").add(first).add(second);
    String json = list.toString();

    SubscriptionPage decoded = decoder.page(ok(json));

    assertThat(decoded).isEqualTo(oracle.page(ApiResource.GSON.fromJson(json, SUBSCRIPTION_LIST)));
    assertThat(decoded.subscriptions()).extracting(s -> s.id()).containsExactly("sub_newer", "sub_older");
    assertThat(decoded.subscriptions().get(1).metadata()).containsEntry("organization_id", "org_9");
    assertThat(decoded.hasMore()).isTrue();
    assertThat(decoded.lastId()).isEqualTo("sub_older");
  }

  @Test
  void anEmptyListHasNoCursor() throws Exception {
    SubscriptionPage decoded = decoder.page(ok("{\"object\":\"list\",\"data\":[],\"has_more\":false}"));

    assertThat(decoded.subscriptions()).isEmpty();
    assertThat(decoded.hasMore()).isFalse();
    assertThat(decoded.lastId()).isNull();
  }

  @Test
  void everyPageOfAGeneratedAccountReadsAsStripeJavaReadsIt() throws Exception {
    try (StripeEmulator emulator = StripeEmulator.start(EmulatorOptions.defaults())) {
      AccountGenerator.Summary summary = AccountGenerator.generate(emulator.account(), 1_500, 11);
      List<String> someCustomers =
          AccountGenerator.describe(emulator.account()).map(s -> s.customerId()).distinct().limit(25).toList();
      someCustomers.forEach(emulator.account()::deleteCustomer);
      StripeClient client =
          StripeClients.create(new StripeSettings(emulator.baseUrl(), Secret.of(emulator.apiKey()), 1000, 0)).client();
      Map<String, String> tiers = StripeAccountReader.catalogTiers(client);
      SubscriptionDecoder decoder = new SubscriptionDecoder(tiers);
      TypedModelOracle oracle = new TypedModelOracle(tiers);

      Set<String> seen = new TreeSet<>();
      Set<String> deleted = new TreeSet<>();
      String after = null;
      do {
        String path = "/v1/subscriptions?status=all&limit=100&expand[]=data.customer"
            + (after == null ? "" : "&starting_after=" + after);
        StripeResponse response = client.rawRequest(ApiResource.RequestMethod.GET, path, null);

        SubscriptionPage decoded = decoder.page(response);

        assertThat(decoded).isEqualTo(oracle.page(ApiResource.GSON.fromJson(response.body(), SUBSCRIPTION_LIST)));
        decoded.subscriptions().forEach(s -> seen.add(s.id()));
        decoded.customers().stream().filter(StripeCustomer::deleted).forEach(c -> deleted.add(c.id()));
        after = decoded.hasMore() ? decoded.lastId() : null;
      } while (after != null);
      // products expand only on a retrieve: a list may not expand more than four levels deep
      for (String id : seen.stream().limit(40).toList()) {
        StripeResponse response = client.rawRequest(ApiResource.RequestMethod.GET,
            "/v1/subscriptions/" + id + "?expand[]=customer&expand[]=items.data.price.product", null);

        assertThat(decoder.one(response))
            .isEqualTo(oracle.one(ApiResource.GSON.fromJson(response.body(), Subscription.class)));
      }

      assertThat(seen).hasSize(summary.subscriptions());
      assertThat(deleted).containsExactlyInAnyOrderElementsOf(someCustomers);
    }
  }

  @Test
  void anUnreadableResponseIsAnApiErrorThatDoesNotQuoteTheBody() {
    String body = "{\"object\":\"list\",\"data\":[{\"id\":\"sub_1\",\"customer\":\"cus_secretish\",\"created\":\"soon\"}]}";

    assertThatThrownBy(() -> decoder.page(ok(body)))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("Stripe's response could not be read")
        .hasMessageNotContaining("cus_secretish");
  }

  private static StripeResponse ok(String json) {
    return new StripeResponse(200, HttpHeaders.of(Map.of()), json);
  }

  private static ObjectNode fixture(String name) throws IOException {
    try (InputStream in = SubscriptionDecoderTest.class.getResourceAsStream("/stripe-fixtures/" + name + ".json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }
}
