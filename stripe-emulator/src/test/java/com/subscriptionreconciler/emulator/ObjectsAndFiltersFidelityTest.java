package com.subscriptionreconciler.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.param.CustomerListParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionRetrieveParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Object shapes, filters, expansion, deleted customers and events, through stripe-java. */
class ObjectsAndFiltersFidelityTest {

  private static final long T0 = 1_780_000_000L;
  private StripeEmulator emulator;
  private EmulatedAccount account;
  private StripeClient client;
  private String pro;
  private String team;
  private String alice;
  private String bob;

  @BeforeEach
  void seed() {
    emulator = StripeEmulator.start(EmulatorOptions.defaults().withClockStart(T0));
    account = emulator.account();
    client = Clients.client(emulator);
    String product = account.createProduct("Pro", Map.of("plan_tier", "pro"));
    pro = account.createPrice(PriceSpec.monthly(product, "pro_monthly", 2900).withMetadata(Map.of("plan_tier", "pro")));
    team = account.createPrice(PriceSpec.yearly(product, "team_yearly", 15000));
    alice = account.createCustomer("alice@example.com", Map.of("organization_id", "1"));
    bob = account.createCustomer("bob@example.com", Map.of("organization_id", "2"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private String subscription(String customer, String price, SubscriptionStatus status, long created) {
    return account.createSubscription(SubscriptionSpec.forCustomer(customer).price(price).status(status).created(created));
  }

  private List<String> ids(SubscriptionListParams params) throws Exception {
    List<String> out = new ArrayList<>();
    client.v1().subscriptions().list(params).autoPagingIterable().forEach(s -> out.add(s.getId()));
    return out;
  }

  @Test
  void statusDefaultLeavesOutEndedSubscriptionsAllIncludesThem() throws Exception {
    String active = subscription(alice, pro, SubscriptionStatus.ACTIVE, T0 - 100);
    String canceled = subscription(alice, pro, SubscriptionStatus.CANCELED, T0 - 200);
    String expired = subscription(bob, pro, SubscriptionStatus.INCOMPLETE_EXPIRED, T0 - 300);
    String pastDue = subscription(bob, team, SubscriptionStatus.PAST_DUE, T0 - 400);

    assertThat(ids(SubscriptionListParams.builder().build())).containsExactly(active, pastDue);
    assertThat(ids(SubscriptionListParams.builder().setStatus(SubscriptionListParams.Status.ALL).build()))
        .containsExactly(active, canceled, expired, pastDue);
    assertThat(ids(SubscriptionListParams.builder().setStatus(SubscriptionListParams.Status.CANCELED).build()))
        .containsExactly(canceled);
    assertThat(ids(SubscriptionListParams.builder().setStatus(SubscriptionListParams.Status.ENDED).build()))
        .containsExactly(canceled, expired);
  }

  @Test
  void customerPriceAndCreatedFilters() throws Exception {
    String a1 = subscription(alice, pro, SubscriptionStatus.ACTIVE, T0 - 100);
    String a2 = subscription(alice, team, SubscriptionStatus.ACTIVE, T0 - 200);
    String b1 = subscription(bob, pro, SubscriptionStatus.TRIALING, T0 - 300);
    SubscriptionListParams.Status all = SubscriptionListParams.Status.ALL;

    assertThat(ids(SubscriptionListParams.builder().setStatus(all).setCustomer(alice).build())).containsExactly(a1, a2);
    assertThat(ids(SubscriptionListParams.builder().setStatus(all).setPrice(pro).build())).containsExactly(a1, b1);
    assertThat(ids(SubscriptionListParams.builder().setStatus(all)
        .setCreated(SubscriptionListParams.Created.builder().setGte(T0 - 300).setLt(T0 - 100).build()).build()))
        .containsExactly(a2, b1);
    assertThat(ids(SubscriptionListParams.builder().setStatus(all)
        .setCreated(SubscriptionListParams.Created.builder().setGt(T0 - 300).setLte(T0 - 100).build()).build()))
        .containsExactly(a1, a2);
    assertThat(ids(SubscriptionListParams.builder().setStatus(all).setCreated(T0 - 200L).build())).containsExactly(a2);
    assertThat(ids(SubscriptionListParams.builder().setStatus(all).setCustomer(alice).setLimit(1L).build()))
        .containsExactly(a1, a2);
  }

  @Test
  void unknownParameterIsRefusedLikeStripe() {
    assertThatThrownBy(() -> client.v1().subscriptions().list(
            SubscriptionListParams.builder().putExtraParam("colour", "blue").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("Received unknown parameter: colour");
        });
  }

  @Test
  void itemsCarryPriceQuantityAndThePeriod() throws Exception {
    String id = account.createSubscription(SubscriptionSpec.forCustomer(alice)
        .item(pro, 3).item(team, 1).created(T0 - 40 * 86_400L));
    Subscription s = client.v1().subscriptions().retrieve(id);
    assertThat(s.getItems().getData()).hasSize(2);
    assertThat(s.getItems().getUrl()).isEqualTo("/v1/subscription_items?subscription=" + id);
    SubscriptionItem first = s.getItems().getData().get(0);
    assertThat(first.getPrice().getId()).isEqualTo(pro);
    assertThat(first.getPrice().getLookupKey()).isEqualTo("pro_monthly");
    assertThat(first.getPrice().getMetadata()).containsEntry("plan_tier", "pro");
    assertThat(first.getQuantity()).isEqualTo(3L);
    assertThat(first.getCurrentPeriodStart()).isLessThanOrEqualTo(T0);
    assertThat(first.getCurrentPeriodEnd()).isGreaterThan(T0);
    assertThat(first.getCurrentPeriodStart()).isEqualTo(account.findSubscription(id).orElseThrow().currentPeriodStart());
    assertThat(s.getStatus()).isEqualTo("active");
    assertThat(s.getCustomer()).isEqualTo(alice);
  }

  @Test
  void trialingCanceledAndCancelAtPeriodEndAreCoherent() throws Exception {
    String trial = subscription(alice, pro, SubscriptionStatus.TRIALING, T0 - 86_400);
    String canceled = subscription(alice, pro, SubscriptionStatus.CANCELED, T0 - 90 * 86_400L);
    String leaving = account.createSubscription(SubscriptionSpec.forCustomer(bob).price(pro).cancelAtPeriodEnd(true));

    Subscription t = client.v1().subscriptions().retrieve(trial);
    assertThat(t.getTrialStart()).isEqualTo(T0 - 86_400);
    assertThat(t.getTrialEnd()).isGreaterThan(T0);
    Subscription c = client.v1().subscriptions().retrieve(canceled);
    assertThat(c.getCanceledAt()).isNotNull();
    assertThat(c.getEndedAt()).isEqualTo(c.getCanceledAt());
    Subscription l = client.v1().subscriptions().retrieve(leaving);
    assertThat(l.getCancelAtPeriodEnd()).isTrue();
    assertThat(l.getCancelAt()).isEqualTo(l.getItems().getData().get(0).getCurrentPeriodEnd());
  }

  @Test
  void expandsCustomerAndProductWithinStripesDepthLimit() throws Exception {
    String id = subscription(alice, pro, SubscriptionStatus.ACTIVE, T0);
    Subscription listed = client.v1().subscriptions().list(SubscriptionListParams.builder()
        .addExpand("data.customer").addExpand("data.items.data.price").build()).getData().get(0);
    assertThat(listed.getCustomerObject().getEmail()).isEqualTo("alice@example.com");
    assertThat(listed.getCustomer()).isEqualTo(alice);

    Subscription retrieved = client.v1().subscriptions().retrieve(id, SubscriptionRetrieveParams.builder()
        .addExpand("items.data.price.product").addExpand("customer").build());
    assertThat(retrieved.getItems().getData().get(0).getPrice().getProductObject().getName()).isEqualTo("Pro");
    assertThat(retrieved.getCustomerObject().getMetadata()).containsEntry("organization_id", "1");

    assertThatThrownBy(() -> client.v1().subscriptions().list(SubscriptionListParams.builder()
            .addExpand("data.items.data.price.product").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("more than 4 levels");
        });
    assertThat(client.v1().prices().list(PriceListParams.builder().addExpand("data.product").build())
        .getData().get(0).getProductObject().getMetadata()).containsEntry("plan_tier", "pro");
  }

  @Test
  void missingSubscriptionIsResourceMissing() {
    String id = subscription(alice, pro, SubscriptionStatus.ACTIVE, T0);
    account.removeSubscription(id);
    assertThatThrownBy(() -> client.v1().subscriptions().retrieve(id))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(404);
          assertThat(e.getCode()).isEqualTo("resource_missing");
          assertThat(e.getParam()).isEqualTo("id");
          assertThat(e.getMessage()).contains("No such subscription: '" + id + "'");
        });
  }

  @Test
  void deletedCustomerRetrievesAsStubLeavesListsAndCancelsItsSubscriptions() throws Exception {
    String sub = subscription(bob, pro, SubscriptionStatus.ACTIVE, T0 - 10);
    account.advanceSeconds(60);
    account.deleteCustomer(bob);

    Customer deleted = client.v1().customers().retrieve(bob);
    assertThat(deleted.getDeleted()).isTrue();
    assertThat(deleted.getId()).isEqualTo(bob);
    List<String> listed = StreamSupport.stream(client.v1().customers()
        .list(CustomerListParams.builder().build()).autoPagingIterable().spliterator(), false)
        .map(Customer::getId).toList();
    assertThat(listed).containsExactly(alice);
    Subscription s = client.v1().subscriptions().retrieve(sub);
    assertThat(s.getStatus()).isEqualTo("canceled");
    assertThat(s.getCanceledAt()).isEqualTo(T0 + 60);
    assertThat(account.events("customer.deleted")).hasSize(1);
    assertThat(account.events("customer.subscription.deleted")).hasSize(1);
  }

  @Test
  void eventsFilterByTypesAndDeliveryAndCarrySnapshots() throws Exception {
    String sub = subscription(alice, pro, SubscriptionStatus.ACTIVE, T0);
    account.advanceSeconds(10);
    account.changePrice(sub, team);
    account.advanceSeconds(10);
    account.updateCustomerMetadata(alice, Map.of("organization_id", "9"));
    String undelivered = account.events("customer.subscription.updated").get(0).id();
    account.markUndelivered(undelivered, 2);

    List<Event> subscriptionEvents = client.v1().events().list(EventListParams.builder()
        .addType("customer.subscription.created").addType("customer.subscription.updated").build()).getData();
    assertThat(subscriptionEvents).extracting(Event::getType)
        .containsExactly("customer.subscription.updated", "customer.subscription.created");

    Event updated = subscriptionEvents.get(0);
    Subscription snapshot = (Subscription) updated.getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(snapshot.getItems().getData().get(0).getPrice().getId()).isEqualTo(team);
    assertThat(updated.getData().getPreviousAttributes()).containsKey("items");
    assertThat(updated.getPendingWebhooks()).isEqualTo(2L);

    assertThat(client.v1().events().list(EventListParams.builder().setDeliverySuccess(false).build()).getData())
        .extracting(Event::getId).containsExactly(undelivered);
    assertThat(client.v1().events().list(EventListParams.builder().setType("customer.subscription.*").build()).getData())
        .extracting(Event::getType).containsExactly("customer.subscription.updated", "customer.subscription.created");
    assertThat(client.v1().events().list(EventListParams.builder()
        .setCreated(EventListParams.Created.builder().setGte(T0 + 20).build()).build()).getData())
        .extracting(Event::getType).containsExactly("customer.updated");
    assertThat(client.v1().events().retrieve(undelivered).getType()).isEqualTo("customer.subscription.updated");

    EventListParams.Builder tooMany = EventListParams.builder();
    for (int i = 0; i < 21; i++) {
      tooMany.addType("customer.subscription.type" + i);
    }
    assertThatThrownBy(() -> client.v1().events().list(tooMany.build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
  }

  @Test
  void pauseResumeAndCancelRecordTheirEvents() {
    String sub = subscription(alice, pro, SubscriptionStatus.ACTIVE, T0);
    account.setStatus(sub, SubscriptionStatus.PAUSED);
    account.setStatus(sub, SubscriptionStatus.ACTIVE);
    account.trialWillEnd(sub);
    account.cancelNow(sub);
    assertThat(account.events()).extracting(com.subscriptionreconciler.emulator.Event::type).containsExactlyInAnyOrder(
        "customer.created", "customer.created", "customer.subscription.created",
        "customer.subscription.updated", "customer.subscription.paused",
        "customer.subscription.updated", "customer.subscription.resumed",
        "customer.subscription.trial_will_end", "customer.subscription.deleted");
    assertThat(account.findSubscription(sub).orElseThrow().status()).isEqualTo(SubscriptionStatus.CANCELED);
  }
}
