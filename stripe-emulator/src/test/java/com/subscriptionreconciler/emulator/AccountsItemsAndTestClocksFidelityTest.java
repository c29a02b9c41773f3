package com.subscriptionreconciler.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.param.SubscriptionItemListParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionRetrieveParams;
import com.stripe.param.testhelpers.TestClockListParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe's 2026 shapes, through stripe-java: customers represented as Accounts ({@code customer_account} beside
 * {@code customer}), subscriptions with more items than the embedded page, and sandbox test clocks.
 */
class AccountsItemsAndTestClocksFidelityTest {

  private static final long T0 = 1_780_000_000L;
  private StripeEmulator emulator;
  private EmulatedAccount account;
  private StripeClient client;
  private String product;
  private String pro;

  @BeforeEach
  void seed() {
    emulator = StripeEmulator.start(EmulatorOptions.defaults().withClockStart(T0));
    account = emulator.account();
    client = Clients.client(emulator);
    product = account.createProduct("Pro", Map.of("plan_tier", "pro"));
    pro = account.createPrice(PriceSpec.monthly(product, "pro_monthly", 2900));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private List<String> ids(SubscriptionListParams params) throws Exception {
    List<String> out = new ArrayList<>();
    client.v1().subscriptions().list(params).autoPagingIterable().forEach(s -> out.add(s.getId()));
    return out;
  }

  private static SubscriptionListParams.Builder all() {
    return SubscriptionListParams.builder().setStatus(SubscriptionListParams.Status.ALL);
  }

  @Test
  void anAccountCustomersSubscriptionCarriesBothIdsAndIsListedByEither() throws Exception {
    String customer = account.createCustomer(CustomerSpec.of("acme@example.com").asAccount("acct_1Acme"));
    String plain = account.createCustomer(CustomerSpec.of("plain@example.com"));
    String sub = account.createSubscription(SubscriptionSpec.forCustomer(customer).price(pro));
    String other = account.createSubscription(SubscriptionSpec.forCustomer(plain).price(pro));

    Subscription s = client.v1().subscriptions().retrieve(sub, SubscriptionRetrieveParams.builder().build());
    assertThat(s.getCustomer()).isEqualTo(customer).startsWith("cus_");
    assertThat(s.getCustomerAccount()).isEqualTo("acct_1Acme");
    assertThat(client.v1().subscriptions().retrieve(other, SubscriptionRetrieveParams.builder().build())
        .getCustomerAccount()).isNull();
    assertThat(client.v1().customers().retrieve(customer).getCustomerAccount()).isEqualTo("acct_1Acme");
    assertThat(ids(all().setCustomerAccount("acct_1Acme").build())).containsExactly(sub);
    assertThat(ids(all().setCustomer(customer).build())).containsExactly(sub);
    assertThat(ids(all().setCustomerAccount("acct_1Nobody").build())).isEmpty();
    assertThat(account.events("customer.subscription.created").get(0).objectJson())
        .contains("\"customer_account\":\"acct_1Acme\"");
  }

  @Test
  void aGeneratedAccountIdHasTheAcctPrefix() {
    String customer = account.createCustomer(CustomerSpec.of("gen@example.com").asAccount());
    assertThat(account.findCustomer(customer).orElseThrow().account()).startsWith("acct_");
  }

  @Test
  void aSubscriptionEmbedsTenItemsAndListsTheRestBySubscriptionItems() throws Exception {
    String customer = account.createCustomer(CustomerSpec.of("big@example.com"));
    SubscriptionSpec spec = SubscriptionSpec.forCustomer(customer);
    List<String> prices = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String price = account.createPrice(PriceSpec.monthly(product, "extra_" + i, 100 + i));
      prices.add(price);
      spec.item(price, i + 1);
    }
    String sub = account.createSubscription(spec);

    Subscription s = client.v1().subscriptions().retrieve(sub, SubscriptionRetrieveParams.builder().build());
    assertThat(s.getItems().getData()).hasSize(10);
    assertThat(s.getItems().getHasMore()).isTrue();
    assertThat(s.getItems().getUrl()).isEqualTo("/v1/subscription_items?subscription=" + sub);
    List<String> embedded = s.getItems().getData().stream().map(i -> i.getPrice().getId()).toList();
    assertThat(embedded).containsExactlyElementsOf(prices.subList(0, 10));

    List<String> listed = new ArrayList<>();
    StripeCollection<SubscriptionItem> page = client.v1().subscriptionItems().list(
        SubscriptionItemListParams.builder().setSubscription(sub).setLimit(5L).build());
    page.autoPagingIterable().forEach(i -> listed.add(i.getPrice().getId()));
    assertThat(listed).as("every item, in the order they were added").containsExactlyElementsOf(prices);

    String lastEmbedded = s.getItems().getData().get(9).getId();
    StripeCollection<SubscriptionItem> rest = client.v1().subscriptionItems().list(
        SubscriptionItemListParams.builder().setSubscription(sub).setStartingAfter(lastEmbedded).build());
    assertThat(rest.getData()).extracting(i -> i.getPrice().getId()).containsExactlyElementsOf(prices.subList(10, 12));
    assertThat(rest.getHasMore()).isFalse();
    assertThat(emulator.requestCount("GET /v1/subscription_items")).as("pages of 5, 5, 2; then the rest").isEqualTo(4);
  }

  @Test
  void subscriptionItemsNeedsTheSubscription() {
    assertThatThrownBy(() -> client.v1().subscriptionItems().list(SubscriptionItemListParams.builder().build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getStripeError().getParam()).isEqualTo("subscription"));
  }

  @Test
  void testClockSubscriptionsAreListedOnlyByTestClockOrCustomer() throws Exception {
    String clock = account.createTestClock("renewals", T0 + 86_400);
    String onClock = account.createCustomer(CustomerSpec.of("clock@example.com").onTestClock(clock));
    String plain = account.createCustomer(CustomerSpec.of("plain@example.com"));
    String clocked = account.createSubscription(SubscriptionSpec.forCustomer(onClock).price(pro).created(T0 - 10));
    String regular = account.createSubscription(SubscriptionSpec.forCustomer(plain).price(pro).created(T0 - 20));

    assertThat(ids(all().build())).containsExactly(regular);
    assertThat(ids(all().setTestClock(clock).build())).containsExactly(clocked);
    assertThat(ids(all().setCustomer(onClock).build())).containsExactly(clocked);
    Subscription s = client.v1().subscriptions().retrieve(clocked, SubscriptionRetrieveParams.builder().build());
    assertThat(s.getTestClock()).isEqualTo(clock);
    assertThat(client.v1().customers().retrieve(onClock).getTestClock()).isEqualTo(clock);

    List<TestClock> clocks = client.v1().testHelpers().testClocks().list(TestClockListParams.builder().build())
        .getData();
    assertThat(clocks).singleElement().satisfies(c -> {
      assertThat(c.getId()).isEqualTo(clock).startsWith("clock_");
      assertThat(c.getObject()).isEqualTo("test_helpers.test_clock");
      assertThat(c.getFrozenTime()).isEqualTo(T0 + 86_400);
      assertThat(c.getName()).isEqualTo("renewals");
      assertThat(c.getLivemode()).isFalse();
    });
    assertThat(client.v1().testHelpers().testClocks().retrieve(clock).getStatus()).isEqualTo("ready");
    assertThat(emulator.requestCount("GET /v1/test_helpers/test_clocks")).isEqualTo(1);
    assertThat(emulator.requestCount("GET /v1/test_helpers/test_clocks/{id}")).isEqualTo(1);
  }

  @Test
  void aForbiddenEndpointAnswers403AsForARestrictedKeyWithoutThatPermission() throws Exception {
    emulator.knobs().forbid("GET /v1/test_helpers/test_clocks");

    assertThatThrownBy(() -> client.v1().testHelpers().testClocks().list(TestClockListParams.builder().build()))
        .isInstanceOfSatisfying(com.stripe.exception.PermissionException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(403));
    emulator.knobs().reset();
    assertThat(client.v1().testHelpers().testClocks().list(TestClockListParams.builder().build()).getData())
        .isEmpty();
  }

  @Test
  void anUnknownTestClockIsResourceMissing() {
    assertThatThrownBy(() -> client.v1().subscriptions().list(all().setTestClock("clock_nope").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getCode()).isEqualTo("resource_missing"));
  }
}
