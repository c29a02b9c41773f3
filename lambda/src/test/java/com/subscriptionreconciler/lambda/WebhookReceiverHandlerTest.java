package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.realtime.Fixtures;
import com.subscriptionreconciler.realtime.QueueMessages;
import com.subscriptionreconciler.realtime.StripeSignatures;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import com.subscriptionreconciler.testing.FakeSqs;
import com.subscriptionreconciler.testing.HandClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver's Lambda entry point as a function URL invokes it, with the real AWS SDK clients against local
 * stand-ins for Secrets Manager (the signing secret, every call counted) and SQS (the queue).
 */
class WebhookReceiverHandlerTest {
  private static final String SECRET_ID = "prod/stripe-webhook";
  private static final String SECRET = "whsec_test_HandlerSigningSecret000111222";
  private static final String ROLLED = "whsec_test_HandlerSigningSecretRolled333";
  private static final String BODY = Fixtures.text("webhook-subscription-updated.json");

  private final FakeSecretsManager secretsManager = FakeSecretsManager.start().put(SECRET_ID, SECRET);
  private final FakeSqs sqs = FakeSqs.start();
  private final HandClock clock = new HandClock(Instant.now());
  private final WebhookReceiverHandler handler = new WebhookReceiverHandler(Environment.of(environment()), clock);

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(secretsManager.clientEnvironment());
    env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint());
    env.put("EVENT_QUEUE_URL", sqs.queueUrl());
    env.put("STRIPE_WEBHOOK_SECRET_ID", SECRET_ID);
    return env;
  }

  @AfterEach
  void stop() {
    secretsManager.close();
    sqs.close();
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private static APIGatewayV2HTTPEvent request(String signature, String body, boolean base64) {
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("realtime/function-url-request.json");
    if (signature == null) {
      event.getHeaders().remove("stripe-signature");
    } else {
      event.getHeaders().put("stripe-signature", signature);
    }
    event.setBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
    event.setIsBase64Encoded(base64);
    return event;
  }

  private static APIGatewayV2HTTPEvent get(String path) {
    APIGatewayV2HTTPEvent event = request(null, "", false);
    event.setRawPath(path);
    event.getRequestContext().getHttp().setMethod("GET");
    return event;
  }

  private APIGatewayV2HTTPResponse signed(String secret, long timestamp) {
    return handler.handleRequest(request(StripeSignatures.header(secret, timestamp, BODY), BODY, false), null);
  }

  @Test
  void aSignedDeliveryIsSentToTheQueueAsTheCompactMessage() {
    APIGatewayV2HTTPResponse response = signed(SECRET, now());
    APIGatewayV2HTTPResponse base64 =
        handler.handleRequest(request(StripeSignatures.header(SECRET, now(), BODY), BODY, true), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(base64.getStatusCode()).isEqualTo(200);
    assertThat(sqs.bodies()).hasSize(2).allSatisfy(body -> assertThat(QueueMessages.read(body).eventId())
        .isEqualTo("evt_1SxQpRLkdIwHu7ixA9vS0c1d"));
    assertThat(sqs.bodies().get(0)).doesNotContain("billing@example.com");
    assertThat(sqs.queueUrls()).containsOnly(sqs.queueUrl());
    // the signing secret is read once, then served from the cache
    assertThat(secretsManager.requestedIds()).containsExactly(SECRET_ID);
  }

  @Test
  void aBadSignatureIs400AndReachesNoQueue() {
    APIGatewayV2HTTPResponse response = signed("whsec_wrong", now());

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(response.getBody()).contains("does not match").doesNotContain(SECRET);
    assertThat(sqs.bodies()).isEmpty();
  }

  @Test
  void malformedSignatureHeadersAre400WithTheReasonAndNoStackTraceNorSecretRead() {
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("t=abc,v1=00", "timestamp is not Unix seconds");
    expected.put("t=99999999999999999999,v1=" + "0".repeat(64), "timestamp is not Unix seconds");
    expected.put("t=" + now() + ",v1=00", "v1 is not 64 hex digits");
    expected.put("t=" + now() + ",v1=" + "z".repeat(64), "v1 is not 64 hex digits");
    expected.put("t=" + now(), "no v1 signature");
    expected.put("v1=" + "0".repeat(64), "no timestamp");
    expected.put("garbage", "no timestamp");
    expected.put(",,,=,=", "no timestamp");
    expected.put("t=" + now() + ",v1=" + "0".repeat(2000), "longer than 1024");
    expected.put("", "no Stripe-Signature header");

    try (CapturedOutput out = CapturedOutput.start()) {
      expected.forEach((header, reason) -> {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(header, BODY, false), null);
        assertThat(response.getStatusCode()).as(header).isEqualTo(400);
        assertThat(response.getBody()).as(header).contains(reason);
      });
      APIGatewayV2HTTPResponse missing = handler.handleRequest(request(null, BODY, false), null);
      assertThat(missing.getStatusCode()).isEqualTo(400);
      assertThat(missing.getBody()).contains("no Stripe-Signature header");
      assertThat(out.raw()).contains("Webhook request rejected, nothing enqueued: Stripe-Signature timestamp is not"
          + " Unix seconds").doesNotContain("Exception", "\tat ");
    }
    assertThat(sqs.bodies()).isEmpty();
    // none of these needed the secret: an anonymous request with a broken header costs no Secrets Manager call
    assertThat(secretsManager.calls()).isZero();
  }

  @Test
  void aStaleSignatureIsReportedAsStale() {
    APIGatewayV2HTTPResponse stale = signed(SECRET, now() - 301);
    APIGatewayV2HTTPResponse future = signed(SECRET, now() + 301);

    assertThat(stale.getStatusCode()).isEqualTo(400);
    assertThat(stale.getBody()).contains("stale").contains("301 s ago").doesNotContain("no signatures found");
    assertThat(future.getStatusCode()).isEqualTo(400);
    assertThat(future.getBody()).contains("301 s in the future");
    assertThat(signed(SECRET, now() - 299).getStatusCode()).isEqualTo(200);
  }

  @Test
  void otherPathsAndMethodsAreAnsweredBeforeAnySecretIsRead() {
    Map<String, String> env = environment();
    env.put("STRIPE_WEBHOOK_SECRET_ID", "no/such/secret");
    WebhookReceiverHandler misconfigured = new WebhookReceiverHandler(Environment.of(env), clock);

    assertThat(misconfigured.handleRequest(get("/favicon.ico"), null).getStatusCode()).isEqualTo(404);
    assertThat(misconfigured.handleRequest(get("/"), null).getStatusCode()).isEqualTo(405);

    assertThat(secretsManager.calls()).isZero();
  }

  @Test
  void aMissingSecretIs500AndIsRememberedBrieflySoAFloodMakesNoSecretsManagerFlood() {
    Map<String, String> env = environment();
    env.put("STRIPE_WEBHOOK_SECRET_ID", "no/such/secret");
    WebhookReceiverHandler misconfigured = new WebhookReceiverHandler(Environment.of(env), clock);
    APIGatewayV2HTTPEvent request = request(StripeSignatures.header(SECRET, now(), BODY), BODY, false);

    for (int i = 0; i < 50; i++) {
      APIGatewayV2HTTPResponse response = misconfigured.handleRequest(request, null);
      assertThat(response.getStatusCode()).isEqualTo(500);
      assertThat(response.getBody()).contains("receiver not configured");
    }
    assertThat(secretsManager.calls()).isEqualTo(1);

    // once the secret exists, the next request after the remembered failure expires loads it
    secretsManager.put("no/such/secret", SECRET);
    clock.advance(Duration.ofSeconds(11));
    assertThat(misconfigured.handleRequest(
        request(StripeSignatures.header(SECRET, now(), BODY), BODY, false), null).getStatusCode()).isEqualTo(200);
    assertThat(secretsManager.calls()).isEqualTo(2);
    assertThat(sqs.bodies()).hasSize(1);
  }

  @Test
  void aSecretRolledWithImmediateExpiryIsPickedUpByTheFirstMismatchAndAFloodOfMismatchesIsRateLimited() {
    assertThat(signed(SECRET, now()).getStatusCode()).isEqualTo(200);
    secretsManager.put(SECRET_ID, ROLLED);
    clock.advance(Duration.ofSeconds(31));

    // Stripe now signs with the new secret only: one re-read, and the request passes
    assertThat(signed(ROLLED, now()).getStatusCode()).isEqualTo(200);
    assertThat(secretsManager.calls()).isEqualTo(2);

    // a flood of wrong signatures: at most one re-read per 30 s
    for (int i = 0; i < 200; i++) {
      assertThat(signed("whsec_attacker_guess", now()).getStatusCode()).isEqualTo(400);
    }
    assertThat(secretsManager.calls()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(31));
    for (int i = 0; i < 200; i++) {
      assertThat(signed("whsec_attacker_guess", now()).getStatusCode()).isEqualTo(400);
    }
    assertThat(secretsManager.calls()).isEqualTo(3);
    assertThat(sqs.bodies()).hasSize(2);
  }

  @Test
  void theCachedSecretExpiresAfterItsTtl() {
    assertThat(signed(SECRET, now()).getStatusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(4));
    assertThat(signed(SECRET, now()).getStatusCode()).isEqualTo(200);
    assertThat(secretsManager.calls()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    assertThat(signed(SECRET, now()).getStatusCode()).isEqualTo(200);
    assertThat(secretsManager.calls()).isEqualTo(2);
  }

  @Test
  void aSecretsManagerOutageAfterALoadKeepsTheReceiverVerifyingWithTheSecretItHas() {
    assertThat(signed(SECRET, now()).getStatusCode()).isEqualTo(200);
    secretsManager.close();
    clock.advance(Duration.ofMinutes(6));

    assertThat(signed(SECRET, now()).getStatusCode()).isEqualTo(200);
    assertThat(signed(SECRET, now()).getStatusCode()).isEqualTo(200);
    assertThat(sqs.bodies()).hasSize(3);
  }
}
