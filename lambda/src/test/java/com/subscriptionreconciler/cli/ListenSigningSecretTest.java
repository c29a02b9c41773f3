package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.SecretSource;
import com.subscriptionreconciler.realtime.EventReference;
import com.subscriptionreconciler.realtime.Fixtures;
import com.subscriptionreconciler.realtime.StripeSignatures;
import com.subscriptionreconciler.realtime.WebhookReceiver;
import com.subscriptionreconciler.testing.HandClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How {@code listen} keeps its signing secret (docs/reference.md, The receiver): read before it serves anything,
 * then re-read like the Lambda receiver's, so a secret rotated in Secrets Manager while it runs is picked up
 * without a restart.
 */
class ListenSigningSecretTest {
  private static final String BEFORE = "whsec_test_fakeListenBeforeRotation";
  private static final String AFTER = "whsec_test_fakeListenAfterRotation";
  private static final String BODY = Fixtures.text("webhook-subscription-updated.json");

  private final HandClock clock = new HandClock(Instant.ofEpochSecond(1_764_500_100L));

  private static CliContext context(SecretSource secrets) {
    return new CliContext(Environment.of(Map.of("STRIPE_WEBHOOK_SECRET_ID", "local/webhook")),
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), secrets, CliSeams.defaults());
  }

  private int post(WebhookReceiver receiver, String secret) {
    String header = StripeSignatures.header(secret, clock.instant().getEpochSecond(), BODY);
    return receiver.receive("POST", "/webhook", header, BODY.getBytes(StandardCharsets.UTF_8)).status();
  }

  @Test
  void aSecretRotatedWhileListenRunsIsPickedUpWithoutARestart() {
    AtomicReference<String> stored = new AtomicReference<>(BEFORE);
    AtomicInteger reads = new AtomicInteger();
    SecretSource secretsManager = id -> {
      assertThat(id).isEqualTo("local/webhook");
      reads.incrementAndGet();
      return stored.get();
    };
    List<EventReference> queued = new ArrayList<>();

    WebhookReceiver receiver =
        new WebhookReceiver(ListenCommand.endpoints(context(secretsManager), clock), queued::add, clock);
    assertThat(reads).as("read before listen serves").hasValue(1);
    assertThat(post(receiver, BEFORE)).isEqualTo(200);

    stored.set(AFTER); // rolled in Secrets Manager, and in Stripe with immediate expiry of the old one
    clock.advance(Duration.ofSeconds(31));

    assertThat(post(receiver, AFTER)).isEqualTo(200);
    assertThat(reads).as("one re-read, after the mismatch").hasValue(2);
    assertThat(queued).hasSize(2);
  }

  @Test
  void aMissingSecretStopsListenBeforeItServesWithTheSourcesMessage() {
    SecretSource missing = id -> {
      throw new ConfigurationException("Secrets Manager secret '" + id + "' was not found");
    };

    assertThatThrownBy(() -> ListenCommand.endpoints(context(missing), clock))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Secrets Manager secret 'local/webhook' was not found");
  }
}
