package com.subscriptionreconciler.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.HandClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {
  private static final String SECRET = "whsec_test_CurrentSigningSecret0123456789";
  private static final String OLD_SECRET = "whsec_test_PreviousSigningSecret987654321";
  private static final long NOW = 1_764_500_100L;
  private static final String BODY = Fixtures.text("webhook-subscription-updated.json");

  private final List<EventReference> queued = new ArrayList<>();
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  private WebhookReceiver receiver(String... secrets) {
    return new WebhookReceiver(new WebhookVerifier(List.of(secrets).stream().map(Secret::of).toList(), clock),
        queued::add, Set.of("/", "/webhook"));
  }

  private WebhookReceiver.Response post(WebhookReceiver receiver, String header, String body) {
    return receiver.receive("POST", "/", header, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aValidSignatureEnqueuesTheCompactMessageAndAnswers200() {
    var response = post(receiver(SECRET), StripeSignatures.header(SECRET, NOW - 5, BODY), BODY);

    assertThat(response.status()).isEqualTo(200);
    assertThat(queued).containsExactly(new EventReference("evt_1SxQpRLkdIwHu7ixA9vS0c1d",
        "customer.subscription.updated", 1764500000L, false, List.of("sub_1SxQpQLkdIwHu7ixUqPm3Gk2"),
        List.of()));
    String message = QueueMessages.write(queued.get(0));
    // ids only: nothing of the snapshot (metadata, e-mail, items) travels through the queue
    assertThat(message).doesNotContain("billing@example.com", "price_team_monthly", "si_");
    assertThat(message.length()).isLessThan(300);
  }

  @Test
  void theSameSignatureIsAcceptedAtTheLocalWebhookPath() {
    var response = receiver(SECRET).receive("POST", "/webhook", StripeSignatures.header(SECRET, NOW, BODY),
        BODY.getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(200);
    assertThat(queued).hasSize(1);
  }

  @Test
  void aSignatureUnderAnotherSecretIs400AndNothingIsEnqueued() {
    var response = post(receiver(SECRET), StripeSignatures.header("whsec_someoneElse", NOW, BODY), BODY);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("Stripe-Signature does not match");
    assertThat(queued).isEmpty();
  }

  @Test
  void aTamperedBodyIs400() {
    String header = StripeSignatures.header(SECRET, NOW, BODY);
    String tampered = BODY.replace("\"quantity\": 3", "\"quantity\": 30");
    assertThat(tampered).isNotEqualTo(BODY);

    assertThat(post(receiver(SECRET), header, tampered).status()).isEqualTo(400);
    assertThat(queued).isEmpty();
  }

  @Test
  void aSignatureOlderThanFiveMinutesIs400ButOneJustInsideIsAccepted() {
    assertThat(post(receiver(SECRET), StripeSignatures.header(SECRET, NOW - 301, BODY), BODY).status())
        .isEqualTo(400);
    assertThat(queued).isEmpty();

    assertThat(post(receiver(SECRET), StripeSignatures.header(SECRET, NOW - 299, BODY), BODY).status())
        .isEqualTo(200);
    assertThat(queued).hasSize(1);
  }

  @Test
  void duringStripesSecretRotationAnyOfTheV1SignaturesMayMatch() {
    // Stripe signs with every active secret while one is rolled: t=…,v1=<old>,v1=<new>
    String header = "t=" + NOW + ",v1=" + StripeSignatures.v1(OLD_SECRET, NOW, BODY) + ",v1="
        + StripeSignatures.v1(SECRET, NOW, BODY);

    assertThat(post(receiver(SECRET), header, BODY).status()).isEqualTo(200);
    assertThat(post(receiver(OLD_SECRET), header, BODY).status()).isEqualTo(200);
    assertThat(queued).hasSize(2);
  }

  @Test
  void aReceiverConfiguredWithTheOldAndNewSecretAcceptsEither() {
    WebhookReceiver rotating = receiver(SECRET, OLD_SECRET);

    assertThat(post(rotating, StripeSignatures.header(OLD_SECRET, NOW, BODY), BODY).status()).isEqualTo(200);
    assertThat(post(rotating, StripeSignatures.header(SECRET, NOW, BODY), BODY).status()).isEqualTo(200);
    assertThat(post(rotating, StripeSignatures.header("whsec_third", NOW, BODY), BODY).status()).isEqualTo(400);
    assertThat(queued).hasSize(2);
  }

  @Test
  void unsignedEmptyOversizedAndNonEventRequestsAre400() {
    WebhookReceiver receiver = receiver(SECRET);
    assertThat(post(receiver, null, BODY).status()).isEqualTo(400);
    assertThat(post(receiver, "", BODY).status()).isEqualTo(400);
    assertThat(receiver.receive("POST", "/", StripeSignatures.header(SECRET, NOW, ""), new byte[0]).status())
        .isEqualTo(400);

    String oversized = "{\"id\":\"evt_big\",\"type\":\"customer.updated\",\"created\":1,\"pad\":\""
        + "x".repeat(WebhookReceiver.MAX_BODY_BYTES) + "\"}";
    assertThat(post(receiver, StripeSignatures.header(SECRET, NOW, oversized), oversized).status()).isEqualTo(400);

    String notAnEvent = "{\"hello\":\"world\"}";
    assertThat(post(receiver, StripeSignatures.header(SECRET, NOW, notAnEvent), notAnEvent).status())
        .isEqualTo(400);
    assertThat(queued).isEmpty();
  }

  @Test
  void otherMethodsAndPathsAreRefusedWithoutVerifying() {
    WebhookReceiver receiver = receiver(SECRET);
    String header = StripeSignatures.header(SECRET, NOW, BODY);
    assertThat(receiver.receive("GET", "/", header, BODY.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(405);
    assertThat(receiver.receive("POST", "/admin", header, BODY.getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(404);
    assertThat(queued).isEmpty();
  }

  @Test
  void aQueueFailureIs503SoStripeRetries() {
    WebhookReceiver receiver = new WebhookReceiver(new WebhookVerifier(List.of(Secret.of(SECRET)), clock),
        event -> {
          throw new EventQueue.EventQueueException("down", null);
        }, Set.of("/"));

    assertThat(post(receiver, StripeSignatures.header(SECRET, NOW, BODY), BODY).status()).isEqualTo(503);
  }

  @Test
  void anUnexpectedFailureIsAnAnswerNotACrash() {
    WebhookReceiver receiver = new WebhookReceiver(new WebhookVerifier(List.of(Secret.of(SECRET)), clock),
        event -> {
          throw new IllegalStateException("a bug somewhere below");
        }, Set.of("/"));

    var response = post(receiver, StripeSignatures.header(SECRET, NOW, BODY), BODY);

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("{\"error\":\"internal error\"}");
  }

  @Test
  void noSecretToVerifyWithIs500SoStripeRetries() {
    WebhookSecretCache unavailable = new WebhookSecretCache(() -> {
      throw new ConfigurationException("Secrets Manager secret 'prod/webhook' was not found");
    }, clock);
    WebhookReceiver receiver = new WebhookReceiver(new WebhookVerifier(unavailable, clock), queued::add, Set.of("/"));

    var response = post(receiver, StripeSignatures.header(SECRET, NOW, BODY), BODY);

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.body()).contains("receiver not configured");
    assertThat(queued).isEmpty();
  }

  @Test
  void theSecretComesFromExactlyOneVariableAndMustLookLikeAWebhookSecret() {
    assertThat(WebhookSecrets.load(Environment.of(Map.of("STRIPE_WEBHOOK_SECRET", SECRET + "," + OLD_SECRET)),
        id -> {
          throw new AssertionError("Secrets Manager must not be asked");
        })).extracting(Secret::reveal).containsExactly(SECRET, OLD_SECRET);
    assertThat(WebhookSecrets.load(Environment.of(Map.of("STRIPE_WEBHOOK_SECRET_ID", "prod/webhook")),
        id -> id.equals("prod/webhook") ? SECRET : null)).extracting(Secret::reveal).containsExactly(SECRET);

    assertThatThrownBy(() -> WebhookSecrets.load(Environment.of(Map.of("STRIPE_WEBHOOK_SECRET", SECRET,
        "STRIPE_WEBHOOK_SECRET_ID", "x")), id -> SECRET)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> WebhookSecrets.load(Environment.of(Map.of("STRIPE_WEBHOOK_SECRET", "sk_test_oops")),
        id -> null)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("whsec_").hasMessageNotContaining("sk_test_oops");
    assertThatThrownBy(() -> WebhookSecrets.load(Environment.of(Map.of()), id -> null))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("STRIPE_WEBHOOK_SECRET_ID");
  }

  @Test
  void aFloodOfRejectedRequestsLogsOneWarningAMinuteWithHowManyWereLeftOut() {
    HandClock time = new HandClock(Instant.ofEpochSecond(NOW));
    WebhookReceiver receiver = new WebhookReceiver(Map.of("/", new WebhookReceiver.Endpoint(
        new WebhookVerifier(List.of(Secret.of(SECRET)), time), null)), queued::add, time);
    String forged = StripeSignatures.header(OLD_SECRET, NOW, BODY);

    List<JsonNode> warnings;
    try (CapturedOutput out = CapturedOutput.start()) {
      for (int i = 0; i < 1_000; i++) {
        assertThat(post(receiver, forged, BODY).status()).isEqualTo(400);
        time.advance(Duration.ofMillis(59)); // 1,000 requests in 59 s: one window
      }
      time.advance(Duration.ofSeconds(2));
      assertThat(post(receiver, "t=abc,v1=00", BODY).status()).isEqualTo(400);
      warnings = out.logLines().stream().filter(line -> line.path("level").asText().equals("WARN")).toList();
    }

    assertThat(warnings).extracting(line -> line.path("message").asText()).containsExactly(
        "Webhook request rejected, nothing enqueued: Stripe-Signature does not match: no v1 signature is the"
            + " payload's HMAC under the configured signing secret",
        "Webhook request rejected, nothing enqueued: Stripe-Signature timestamp is not Unix seconds (expected"
            + " t=<Unix seconds>,v1=<64 hex digits>) (999 more rejected since the last such line, not logged)");
    assertThat(queued).isEmpty();
  }
}
