package com.subscriptionreconciler.realtime;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import com.subscriptionreconciler.config.Secret;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Checks {@code Stripe-Signature} with stripe-java's own verification (HMAC-SHA256 over {@code timestamp.payload},
 * constant-time comparison, every {@code v1} in the header tried — Stripe sends one per active secret while a
 * secret is being rolled). A timestamp older than {@value #TOLERANCE_SECONDS} s is refused, so a captured request
 * cannot be replayed later.
 *
 * <p>Several signing secrets may be configured (the old and the new one, during a rotation on our side); a request
 * signed by any of them passes. Messages never contain a secret or the signature.
 */
public final class WebhookVerifier {
  /** Stripe's own default tolerance. */
  public static final long TOLERANCE_SECONDS = 300;

  private final List<Secret> secrets;
  private final Clock clock;

  public WebhookVerifier(List<Secret> secrets, Clock clock) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one webhook signing secret is needed");
    }
    this.secrets = List.copyOf(secrets);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** @throws RejectedRequestException when no configured secret verifies the header within the tolerance */
  public void verify(String payload, String signatureHeader) {
    if (signatureHeader == null || signatureHeader.isBlank()) {
      throw new RejectedRequestException("no Stripe-Signature header");
    }
    String reason = "signature does not match";
    for (Secret secret : secrets) {
      try {
        Webhook.Signature.verifyHeader(payload, signatureHeader, secret.reveal(), TOLERANCE_SECONDS, clock);
        return;
      } catch (SignatureVerificationException e) {
        // stripe-java's messages name the problem (no timestamp, stale, no match), never the secret
        reason = e.getMessage();
      }
    }
    throw new RejectedRequestException("Stripe-Signature rejected: " + reason);
  }
}
