package com.subscriptionreconciler.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import com.subscriptionreconciler.testing.FakeSqs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver's Lambda entry point as a function URL invokes it, with the real AWS SDK clients against local
 * stand-ins for Secrets Manager (the signing secret) and SQS (the queue).
 */
class WebhookReceiverHandlerTest {
  private static final String SECRET = "whsec_test_HandlerSigningSecret000111222";
  private static final String BODY = Fixtures.text("webhook-subscription-updated.json");

  private final FakeSecretsManager secretsManager = FakeSecretsManager.start().put("prod/stripe-webhook", SECRET);
  private final FakeSqs sqs = FakeSqs.start();
  private final WebhookReceiverHandler handler = new WebhookReceiverHandler(Environment.of(environment()));

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(secretsManager.clientEnvironment());
    env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint());
    env.put("EVENT_QUEUE_URL", sqs.queueUrl());
    env.put("STRIPE_WEBHOOK_SECRET_ID", "prod/stripe-webhook");
    return env;
  }

  @AfterEach
  void stop() {
    secretsManager.close();
    sqs.close();
  }

  private static APIGatewayV2HTTPEvent request(String signature, String body, boolean base64) {
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("realtime/function-url-request.json");
    event.getHeaders().put("stripe-signature", signature);
    event.setBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
    event.setIsBase64Encoded(base64);
    return event;
  }

  @Test
  void aSignedDeliveryIsSentToTheQueueAsTheCompactMessage() {
    long now = Instant.now().getEpochSecond();

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(request(StripeSignatures.header(SECRET, now, BODY), BODY, false), null);
    APIGatewayV2HTTPResponse base64 =
        handler.handleRequest(request(StripeSignatures.header(SECRET, now, BODY), BODY, true), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(base64.getStatusCode()).isEqualTo(200);
    assertThat(sqs.bodies()).hasSize(2).allSatisfy(body -> assertThat(QueueMessages.read(body).eventId())
        .isEqualTo("evt_1SxQpRLkdIwHu7ixA9vS0c1d"));
    assertThat(sqs.bodies().get(0)).doesNotContain("billing@example.com");
    assertThat(sqs.queueUrls()).containsOnly(sqs.queueUrl());
    // the signing secret is read once per execution environment
    assertThat(secretsManager.requestedIds()).containsExactly("prod/stripe-webhook");
  }

  @Test
  void aBadSignatureIs400AndReachesNoQueue() {
    APIGatewayV2HTTPResponse response = handler.handleRequest(
        request(StripeSignatures.header("whsec_wrong", Instant.now().getEpochSecond(), BODY), BODY, false), null);

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(response.getBody()).doesNotContain(SECRET);
    assertThat(sqs.bodies()).isEmpty();
  }

  @Test
  void aMissingSecretIs500SoStripeRetriesOnceItIsFixed() {
    Map<String, String> env = environment();
    env.put("STRIPE_WEBHOOK_SECRET_ID", "no/such/secret");
    WebhookReceiverHandler misconfigured = new WebhookReceiverHandler(Environment.of(env));

    APIGatewayV2HTTPResponse response = misconfigured.handleRequest(
        request(StripeSignatures.header(SECRET, Instant.now().getEpochSecond(), BODY), BODY, false), null);

    assertThat(response.getStatusCode()).isEqualTo(500);
    assertThat(sqs.bodies()).isEmpty();
  }
}
