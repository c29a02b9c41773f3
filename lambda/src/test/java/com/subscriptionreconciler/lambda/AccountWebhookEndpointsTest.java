package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.realtime.Fixtures;
import com.subscriptionreconciler.realtime.StripeSignatures;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.FakeSqs;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver's per-account endpoints when an account's signing secret is missing or given twice: that endpoint
 * answers 500 and says which account and why, and the other accounts' endpoints keep working.
 */
class AccountWebhookEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String US_WEBHOOK = "whsec_test_fakeEndpointsUs";
  private static final String BODY = Fixtures.text("webhook-subscription-updated.json");

  private final FakeSqs sqs = FakeSqs.start();

  @AfterEach
  void stop() {
    sqs.close();
  }

  private WebhookReceiverHandler receiver(String accounts, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("AWS_REGION", "eu-west-1");
    env.put("AWS_ACCESS_KEY_ID", "AKIDFAKE");
    env.put("AWS_SECRET_ACCESS_KEY", "fake-secret-access-key");
    env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint());
    env.put("EVENT_QUEUE_URL", sqs.queueUrl());
    env.put("STRIPE_ACCOUNTS", accounts);
    return new WebhookReceiverHandler(Environment.of(env), Clock.systemUTC());
  }

  private static APIGatewayV2HTTPResponse post(WebhookReceiverHandler receiver, String path, String secret) {
    return post(receiver, path, secret, BODY);
  }

  /** A function URL request for {@code path}, signed with {@code secret} now, as Stripe would send it. */
  static APIGatewayV2HTTPResponse post(WebhookReceiverHandler receiver, String path, String secret, String body) {
    APIGatewayV2HTTPEvent request = EventLoader.loadApiGatewayHttpEvent("realtime/function-url-request.json");
    request.setRawPath(path);
    request.getHeaders().put("stripe-signature",
        StripeSignatures.header(secret, Clock.systemUTC().instant().getEpochSecond(), body));
    request.setBody(body);
    request.setIsBase64Encoded(false);
    return receiver.handleRequest(request, null);
  }

  @Test
  void anAccountWithoutASigningSecretAnswers500NamingItWhileTheOthersWork() throws Exception {
    // the receiver's STRIPE_ACCOUNTS needs no key fields: it only verifies and tags
    WebhookReceiverHandler receiver = receiver("{\"us\":{\"default\":true,\"webhookSecret\":\"" + US_WEBHOOK
        + "\"},\"eu\":{}}", Map.of());

    APIGatewayV2HTTPResponse eu;
    String logged;
    try (CapturedOutput out = CapturedOutput.start()) {
      eu = post(receiver, "/eu", "whsec_test_fakeEndpointsAnything");
      logged = out.logLines().get(0).path("message").asText();
    }
    APIGatewayV2HTTPResponse usByLabel = post(receiver, "/us", US_WEBHOOK);

    assertThat(eu.getStatusCode()).isEqualTo(500);
    assertThat(eu.getBody()).contains("receiver not configured");
    assertThat(logged).isEqualTo("Webhook receiver cannot verify or enqueue; Stripe will retry once this is fixed:"
        + " STRIPE_ACCOUNTS account \"eu\" has no webhook signing secret: give \"webhookSecretId\" (Secrets Manager)"
        + " or \"webhookSecret\" for its endpoint");
    assertThat(usByLabel.getStatusCode()).as(usByLabel.getBody()).isEqualTo(200);
    assertThat(sqs.bodies()).singleElement().satisfies(body ->
        assertThat(JSON.readTree(body).get("accountLabel").asText()).isEqualTo("us"));
  }

  @Test
  void theDefaultAccountsSecretGivenBothInStripeAccountsAndTheSingleVariableIsRefused() {
    WebhookReceiverHandler receiver = receiver("{\"us\":{\"secretId\":\"stripe/us\",\"default\":true,"
        + "\"webhookSecret\":\"" + US_WEBHOOK + "\"}}", Map.of("STRIPE_WEBHOOK_SECRET", US_WEBHOOK));

    APIGatewayV2HTTPResponse response;
    String logged;
    try (CapturedOutput out = CapturedOutput.start()) {
      response = post(receiver, "/", US_WEBHOOK);
      logged = out.logLines().get(0).path("message").asText();
    }

    assertThat(response.getStatusCode()).isEqualTo(500);
    assertThat(logged).endsWith("STRIPE_ACCOUNTS account \"us\" has its own webhook signing secret and"
        + " STRIPE_WEBHOOK_SECRET or STRIPE_WEBHOOK_SECRET_ID is set too: a receiver must know which secret it"
        + " trusts, so keep one").doesNotContain(US_WEBHOOK);
    assertThat(sqs.bodies()).isEmpty();
  }
}
