package com.subscriptionreconciler.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which account each queue message of a several-accounts deployment belongs to, and what is refused. */
class EventRouterTest {
  private static final String US_SOURCE = "aws.partner/stripe.com/ed_test_fakeRouterUs";
  private static final String EU_SOURCE = "aws.partner/stripe.com/ed_test_fakeRouterEu";

  private static EventRouter router(String accounts, String singleSource) {
    Map<String, String> env = new HashMap<>();
    env.put("STRIPE_ACCOUNTS", accounts);
    if (singleSource != null) {
      env.put("STRIPE_EVENT_SOURCE_NAME", singleSource);
    }
    return EventRouter.fromEnvironment(Environment.of(env)).orElseThrow();
  }

  private static final EventRouter ROUTER = router("{\"us\":{\"secretId\":\"stripe/us\",\"default\":true},"
      + "\"eu\":{\"secretId\":\"stripe/eu\",\"eventSource\":\"" + EU_SOURCE + "\"},"
      + "\"apac\":{\"secretId\":\"stripe/apac\"}}", US_SOURCE);

  private static String compact(String labelField) {
    return "{\"stripeEvent\":\"evt_test_router\",\"type\":\"customer.subscription.updated\",\"created\":1764500000,"
        + labelField + "\"subscriptionIds\":[\"sub_test_router\"],\"customerIds\":[]}";
  }

  private static String eventBridge(String source) {
    return "{\"source\":\"" + source + "\",\"detail-type\":\"customer.subscription.updated\",\"detail\":{}}";
  }

  private static EventRouter.Route to(String label) {
    return new EventRouter.Route.ToAccount(label);
  }

  @Test
  void aReceiverMessageGoesToTheAccountItIsTaggedWithAndAnUntaggedOneToTheDefault() {
    assertThat(ROUTER.route(compact(""))).isEqualTo(to("us"));
    assertThat(ROUTER.route(compact("\"accountLabel\":\"eu\","))).isEqualTo(to("eu"));
    assertThat(ROUTER.route(compact("\"accountLabel\":\"us\","))).isEqualTo(to("us"));
    assertThat(ROUTER.route(compact("\"accountLabel\":\"fr\","))).isEqualTo(new EventRouter.Route.Refused(
        "receiver message of account 'fr', which STRIPE_ACCOUNTS does not list (accounts: us, eu, apac)"));
    assertThat(ROUTER.route(compact("\"accountLabel\":\"sk_test_fakeRouterPasted\","))).isEqualTo(
        new EventRouter.Route.Refused("receiver message of account '(not a valid label)', which STRIPE_ACCOUNTS"
            + " does not list (accounts: us, eu, apac)"));
    assertThat(ROUTER.route(compact("\"accountLabel\":7,"))).isEqualTo(
        new EventRouter.Route.Refused("receiver message's accountLabel is not a string"));
  }

  @Test
  void anEventBridgeEventGoesToTheAccountWhoseSourceItCameFromExactly() {
    assertThat(ROUTER.route(eventBridge(EU_SOURCE))).isEqualTo(to("eu"));
    assertThat(ROUTER.route(eventBridge(US_SOURCE))).as("STRIPE_EVENT_SOURCE_NAME is the default's").isEqualTo(to("us"));
    assertThat(ROUTER.route(eventBridge(EU_SOURCE + "x"))).isInstanceOf(EventRouter.Route.Refused.class);
    assertThat(ROUTER.route(eventBridge("aws.partner/stripe.com/ed_test_fakeRouterOther"))).isEqualTo(
        new EventRouter.Route.Refused("EventBridge event from a source no account of STRIPE_ACCOUNTS names as its"
            + " eventSource"));
    assertThat(ROUTER.sourcesOf("eu").accepts(EU_SOURCE)).isTrue();
    assertThat(ROUTER.sourcesOf("eu").accepts(US_SOURCE)).isFalse();
    assertThat(ROUTER.sourcesOf("us").accepts(EU_SOURCE)).isFalse();
  }

  @Test
  void withoutADefaultSourceTheDefaultTakesEveryStripeSourceTheOtherAccountsDoNotName() {
    EventRouter router = router("{\"us\":{\"secretId\":\"stripe/us\",\"default\":true},"
        + "\"eu\":{\"secretId\":\"stripe/eu\",\"eventSource\":\"" + EU_SOURCE + "\"}}", null);

    assertThat(router.route(eventBridge(EU_SOURCE))).isEqualTo(to("eu"));
    assertThat(router.route(eventBridge(US_SOURCE))).isEqualTo(to("us"));
    // its consumer then refuses what is not of Stripe's shape, as with one account
    assertThat(router.route(eventBridge("aws.partner/stripe.com.evil"))).isEqualTo(to("us"));
    assertThat(router.sourcesOf("us").accepts("aws.partner/stripe.com.evil")).isFalse();
  }

  @Test
  void whatIsNeitherShapeGoesToTheDefaultAccountsConsumerWhichCallsItPoison() {
    assertThat(ROUTER.route("not json")).isEqualTo(to("us"));
    assertThat(ROUTER.route("[1]")).isEqualTo(to("us"));
    assertThat(ROUTER.route("{\"hello\":1}")).isEqualTo(to("us"));
  }

  @Test
  void aBatchIsSplitByAccountDefaultFirstWithTheRefusedAside() {
    List<EventBatchConsumer.QueuedMessage> batch = List.of(
        new EventBatchConsumer.QueuedMessage("m-0", compact("\"accountLabel\":\"eu\",")),
        new EventBatchConsumer.QueuedMessage("m-1", compact("\"accountLabel\":\"fr\",")),
        new EventBatchConsumer.QueuedMessage("m-2", eventBridge(US_SOURCE)),
        new EventBatchConsumer.QueuedMessage("m-3", eventBridge(EU_SOURCE)));

    EventRouter.Split split = ROUTER.split(batch);

    assertThat(split.parts().keySet()).containsExactly("us", "eu");
    assertThat(split.parts().get("us")).extracting(EventBatchConsumer.QueuedMessage::messageId).containsExactly("m-2");
    assertThat(split.parts().get("eu")).extracting(EventBatchConsumer.QueuedMessage::messageId)
        .containsExactly("m-0", "m-3");
    assertThat(split.refused()).containsOnlyKeys("m-1");
  }

  @Test
  void withoutStripeAccountsThereIsNoRouting() {
    assertThat(EventRouter.fromEnvironment(Environment.of(Map.of("STRIPE_EVENT_SOURCE_NAME", US_SOURCE)))).isEmpty();
  }

  @Test
  void sourcesThatCannotBeMatchedAreConfigurationErrors() {
    assertThatThrownBy(() -> router("{\"us\":{\"key\":\"sk_test_fakeRouterUs\",\"default\":true,"
        + "\"eventSource\":\"aws.partner/stripe.com.evil\"}}", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("STRIPE_ACCOUNTS account \"us\" eventSource is not a Stripe partner event source's name"
            + " (aws.partner/stripe.com/<id>)");
    assertThatThrownBy(() -> router("{\"us\":{\"secretId\":\"stripe/us\",\"default\":true},"
        + "\"eu\":{\"secretId\":\"stripe/eu\",\"eventSource\":\"" + US_SOURCE + "\"}}", US_SOURCE))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("STRIPE_ACCOUNTS account \"eu\" eventSource is another account's too: each account's events"
            + " come from a partner event source of its own");
    assertThatThrownBy(() -> router("{\"us\":{\"secretId\":\"stripe/us\",\"default\":true,\"eventSource\":\""
        + EU_SOURCE + "\"}}", US_SOURCE))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("STRIPE_ACCOUNTS account \"us\" eventSource differs from STRIPE_EVENT_SOURCE_NAME, which names"
            + " the default account's source too: keep one");
  }
}
