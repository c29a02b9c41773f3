package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.realtime.Fixtures;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import com.subscriptionreconciler.testing.FakeSqs;
import com.subscriptionreconciler.testing.AccountSeeds;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real-time events of two Stripe accounts, one database (docs/reference.md, Several Stripe accounts): the receiver
 * function with one endpoint per account (real signatures, the real SDK against local Secrets Manager and SQS), and
 * the reconciler function consuming SQS batches as Lambda delivers them, with the production engine against one
 * emulator serving two keys and real MariaDB. "us" is the default account (rows whose stripe_account is NULL), "eu"
 * the other; each test starts with both accounts' rows inserted by full runs, then drifted in the database.
 */
@RealDatabase
class AccountEventRoutingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EU_KEY = "sk_test_fakeRoutingEuKey";
  private static final String US_WEBHOOK = "whsec_test_fakeRoutingUsEndpoint";
  private static final String EU_WEBHOOK = "whsec_test_fakeRoutingEuEndpoint";
  private static final String US_SOURCE = "aws.partner/stripe.com/ed_test_fakeRoutingUs";
  private static final String EU_SOURCE = "aws.partner/stripe.com/ed_test_fakeRoutingEu";
  /** The fixtures' ids, replaced by the emulator's. */
  private static final String FIXTURE_SUBSCRIPTION = "sub_1SxQpQLkdIwHu7ixUqPm3Gk2";

  final TestDatabase db;
  StripeEmulator emulator;
  String usSubscription;
  String euSubscription;
  final FakeSecretsManager secretsManager = FakeSecretsManager.start()
      .put("prod/stripe-webhook/us", US_WEBHOOK)
      .put("prod/stripe-webhook/eu", EU_WEBHOOK);
  final FakeSqs sqs = FakeSqs.start();
  WebhookReceiverHandler receiver;
  ReconcilerHandler reconciler;

  AccountEventRoutingTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void seed() throws Exception {
    db.truncateAll();
    emulator = StripeEmulator.start();
    EmulatedAccount us = emulator.account();
    EmulatedAccount eu = emulator.addAccount(EU_KEY, 7);
    usSubscription = AccountSeeds.proSubscription(db, us, 1, null);
    euSubscription = AccountSeeds.proSubscription(db, eu, 2, "eu");
    receiver = new WebhookReceiverHandler(Environment.of(receiverEnvironment()), Clock.systemUTC());
    reconciler = new ReconcilerHandler(reconcilerEnvironment(), () -> {
      throw new IllegalStateException("no secret is read: the keys are in STRIPE_ACCOUNTS");
    }, ProductionWiring::create);
    assertThat(invoke("{}").get("created").asLong()).isEqualTo(1);
    assertThat(invoke("{\"account\":\"eu\"}").get("created").asLong()).isEqualTo(1);
    db.execute("UPDATE subscriptions SET plan_tier = 'free'");
  }

  @AfterEach
  void stop() {
    emulator.close();
    secretsManager.close();
    sqs.close();
  }

  /** The receiver's environment as the stack would set it: secret ids only, and no Stripe key is ever read. */
  private Map<String, String> receiverEnvironment() {
    Map<String, String> env = new HashMap<>(secretsManager.clientEnvironment());
    env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint());
    env.put("EVENT_QUEUE_URL", sqs.queueUrl());
    env.put("STRIPE_ACCOUNTS", "{\"us\":{\"secretId\":\"prod/stripe/us\",\"default\":true,"
        + "\"webhookSecretId\":\"prod/stripe-webhook/us\"},"
        + "\"eu\":{\"secretId\":\"prod/stripe/eu\",\"webhookSecretId\":\"prod/stripe-webhook/eu\"}}");
    return env;
  }

  private Map<String, String> reconcilerEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("JDBC_URL", db.jdbcUrl());
    env.put("DB_USER", db.user());
    env.put("DB_PASSWORD", db.password().reveal());
    env.put("STRIPE_ACCOUNTS", "{\"us\":{\"key\":\"" + emulator.apiKey() + "\",\"default\":true},"
        + "\"eu\":{\"key\":\"" + EU_KEY + "\",\"eventSource\":\"" + EU_SOURCE + "\"}}");
    env.put("STRIPE_EVENT_SOURCE_NAME", US_SOURCE);
    env.put("STRIPE_API_BASE", emulator.baseUrl());
    env.put("PLAN_TIER_MAP", "{\"pro_monthly\":\"pro\"}");
    env.put("MAX_CHANGES_ABSOLUTE", "1000");
    return env;
  }

  private JsonNode invoke(String payload) throws Exception {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    reconciler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), response,
        LocalContext.of("req"));
    return JSON.readTree(response.toByteArray());
  }

  /** The Stripe webhook body of a customer.subscription.updated of {@code subscription}. */
  private static String webhookBody(String subscription) {
    return Fixtures.text("webhook-subscription-updated.json").replace(FIXTURE_SUBSCRIPTION, subscription);
  }

  /** An EventBridge event as the rule delivers it to SQS, from {@code source}, naming {@code subscription}. */
  private static String eventBridge(String source, String subscription) throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(
        Fixtures.text("eventbridge-snapshot.json").replace(FIXTURE_SUBSCRIPTION, subscription));
    event.put("source", source);
    ((ObjectNode) event.get("detail")).put("livemode", false);
    return event.toString();
  }

  private APIGatewayV2HTTPResponse post(String path, String secret, String body) {
    return AccountWebhookEndpointsTest.post(receiver, path, secret, body);
  }


  /** An SQS event as Lambda delivers it, one record per body, message ids m-0, m-1, … */
  private static String sqsBatch(List<String> bodies) throws Exception {
    ObjectNode batch = (ObjectNode) JSON.readTree(Fixtures.text("sqs-batch.json"));
    ObjectNode template = (ObjectNode) batch.get("Records").get(0);
    var records = batch.putArray("Records");
    for (int i = 0; i < bodies.size(); i++) {
      records.add(template.deepCopy().put("messageId", "m-" + i).put("body", bodies.get(i)));
    }
    return batch.toString();
  }

  private Object tier(String subscription) {
    return db.queryValue("SELECT plan_tier FROM subscriptions WHERE stripe_subscription_id = ?", subscription);
  }

  private List<String> eventRuns() {
    return db.query("SELECT stripe_account FROM reconciliation_runs WHERE `trigger` = 'event'"
        + " ORDER BY stripe_account").stream().map(r -> String.valueOf(r.get("stripe_account"))).toList();
  }

  @Test
  void aWebhookOfEachAccountFixesThatAccountsRowAndLeavesTheOthersUntouched() throws Exception {
    APIGatewayV2HTTPResponse euDelivery = post("/eu", EU_WEBHOOK, webhookBody(euSubscription));

    assertThat(euDelivery.getStatusCode()).as(euDelivery.getBody()).isEqualTo(200);
    assertThat(sqs.bodies()).singleElement().satisfies(body ->
        assertThat(JSON.readTree(body).get("accountLabel").asText()).isEqualTo("eu"));
    JsonNode euResponse = invoke(sqsBatch(sqs.bodies()));

    assertThat(euResponse.toString()).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(tier(euSubscription)).isEqualTo("pro");
    assertThat(tier(usSubscription)).as("the default account's row is not touched").isEqualTo("free");
    assertThat(eventRuns()).containsExactly("eu");

    // and vice versa: the default account's endpoint is the root path, its message untagged
    APIGatewayV2HTTPResponse usDelivery = post("/", US_WEBHOOK, webhookBody(usSubscription));

    assertThat(usDelivery.getStatusCode()).as(usDelivery.getBody()).isEqualTo(200);
    String usMessage = sqs.bodies().get(1);
    assertThat(JSON.readTree(usMessage).has("accountLabel")).isFalse();
    db.execute("UPDATE subscriptions SET plan_tier = 'free' WHERE stripe_subscription_id = ?", euSubscription);
    JsonNode usResponse = invoke(sqsBatch(List.of(usMessage)));

    assertThat(usResponse.toString()).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(tier(usSubscription)).isEqualTo("pro");
    assertThat(tier(euSubscription)).as("eu's row is not touched by the default account's event").isEqualTo("free");
    assertThat(eventRuns()).containsExactly("eu", "us");
    assertThat(secretsManager.requestedIds()).as("the receiver read its signing secrets, never a Stripe key")
        .containsExactlyInAnyOrder("prod/stripe-webhook/eu", "prod/stripe-webhook/us");
    assertThat(emulator.writeAttempts()).isZero();
  }

  @Test
  void anEventSignedWithTheOtherAccountsSecretIsRejectedAndNothingIsQueued() {
    APIGatewayV2HTTPResponse euSignedByUs = post("/eu", US_WEBHOOK, webhookBody(euSubscription));
    APIGatewayV2HTTPResponse usSignedByEu = post("/", EU_WEBHOOK, webhookBody(usSubscription));
    APIGatewayV2HTTPResponse noSuchAccount = post("/fr", EU_WEBHOOK, webhookBody(euSubscription));

    assertThat(euSignedByUs.getStatusCode()).isEqualTo(400);
    assertThat(euSignedByUs.getBody()).contains("does not match").doesNotContain(US_WEBHOOK).doesNotContain(EU_WEBHOOK);
    assertThat(usSignedByEu.getStatusCode()).isEqualTo(400);
    assertThat(noSuchAccount.getStatusCode()).isEqualTo(404);
    assertThat(noSuchAccount.getBody()).as("the labels are not told to an anonymous caller").isEqualTo(
        "{\"error\":\"not found: POST Stripe events to /, or to an account's own path ending in /<label>\"}");
    assertThat(sqs.bodies()).isEmpty();
  }

  @Test
  void aBatchOfBothAccountsIsOneRunPerAccountAndAnUnknownLabelFailsOnlyItsMessage() throws Exception {
    String euMessage = "{\"stripeEvent\":\"evt_test_routing_eu\",\"type\":\"customer.subscription.updated\","
        + "\"created\":1764500000,\"livemode\":false,\"accountLabel\":\"eu\",\"subscriptionIds\":[\""
        + euSubscription + "\"],\"customerIds\":[]}";
    String usMessage = "{\"stripeEvent\":\"evt_test_routing_us\",\"type\":\"customer.subscription.updated\","
        + "\"created\":1764500000,\"livemode\":false,\"subscriptionIds\":[\"" + usSubscription + "\"],"
        + "\"customerIds\":[]}";
    String frMessage = euMessage.replace("\"accountLabel\":\"eu\"", "\"accountLabel\":\"fr\"");

    JsonNode response;
    List<JsonNode> emf;
    JsonNode refused;
    try (CapturedOutput out = CapturedOutput.start()) {
      response = invoke(sqsBatch(List.of(euMessage, frMessage, usMessage)));
      emf = out.emfDocuments();
      refused = out.logLines().stream().filter(l -> l.path("message").asText().contains("m-1")).findFirst()
          .orElseThrow();
    }

    assertThat(response.toString()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"}]}");
    assertThat(refused.path("message").asText()).isEqualTo("Queue message m-1 belongs to no configured account;"
        + " it will be retried, then dead-lettered: receiver message of account 'fr', which STRIPE_ACCOUNTS does"
        + " not list (accounts: us, eu)");
    assertThat(tier(euSubscription)).isEqualTo("pro");
    assertThat(tier(usSubscription)).isEqualTo("pro");
    assertThat(eventRuns()).containsExactly("eu", "us");
    assertThat(emf).extracting(doc -> doc.path("Account").asText("-") + " received " + doc.path("EventsReceived")
            + " applied " + doc.path("EventsApplied") + " failed " + doc.path("EventsFailed"))
        .containsExactly("- received 1.0 applied 0.0 failed 1.0", "us received 1.0 applied 1.0 failed 0.0",
            "eu received 1.0 applied 1.0 failed 0.0");
  }

  @Test
  void eventBridgeEventsAreRoutedByTheirPartnerSourceAndAnUnknownSourceFailsAlone() throws Exception {
    JsonNode response = invoke(sqsBatch(List.of(eventBridge(EU_SOURCE, euSubscription),
        eventBridge("aws.partner/stripe.com/ed_test_fakeSomeoneElse", usSubscription),
        eventBridge(US_SOURCE, usSubscription))));

    assertThat(response.toString()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"}]}");
    assertThat(tier(euSubscription)).isEqualTo("pro");
    assertThat(tier(usSubscription)).isEqualTo("pro");
    assertThat(eventRuns()).containsExactly("eu", "us");
  }

  @Test
  void anEventOfOneAccountFromTheOthersSourceChangesNothingOfTheOther() throws Exception {
    // eu's subscription named by an event from us's source runs on us: us's Stripe does not have it, and eu's row
    // is outside us's rows, so nothing is archived or written
    JsonNode response = invoke(sqsBatch(List.of(eventBridge(US_SOURCE, euSubscription))));

    assertThat(response.toString()).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(tier(euSubscription)).isEqualTo("free");
    assertThat(db.queryValue("SELECT archived_at FROM subscriptions WHERE stripe_subscription_id = ?",
        euSubscription)).isNull();
  }
}
