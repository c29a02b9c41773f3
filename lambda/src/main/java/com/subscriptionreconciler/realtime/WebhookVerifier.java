package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code Stripe-Signature} as Stripe documents it: HMAC-SHA256 of {@code "<t>.<body>"} under the signing
 * secret, hex, compared in constant time against every {@code v1} in the header (Stripe sends one per active
 * secret while a secret is rolled). Several signing secrets may be configured (the old and the new one, during a
 * rotation on our side); a request signed by any of them passes.
 *
 * <p>The order is chosen so anonymous requests are cheap and cannot crash anything: the header is read first
 * ({@link SignatureHeader}: missing, malformed or non-numeric parts are a 400 with the reason), then its timestamp
 * must be within {@value #TOLERANCE_SECONDS} s of now (either way: a captured request cannot be replayed later, and
 * the answer says "stale", with the age), and only then are the secrets read and the HMAC computed. A signature that
 * matches no cached secret triggers one re-read of the secrets (a secret rolled with immediate expiry), rate-limited
 * by {@link WebhookSecretCache}. Messages never contain a secret or the signature.
 *
 * <p>Not stripe-java's {@code Webhook.Signature}: it throws {@code NumberFormatException} on {@code t=abc}, and
 * checks the match before the age, so a stale but once-valid request was reported as "no signatures found".
 */
public final class WebhookVerifier {
  /** Stripe's own default tolerance. */
  public static final long TOLERANCE_SECONDS = 300;

  private final WebhookSecretCache secrets;
  private final Clock clock;

  public WebhookVerifier(WebhookSecretCache secrets, Clock clock) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Secrets that never change (a local {@code listen}, tests). */
  public WebhookVerifier(List<Secret> secrets, Clock clock) {
    this(WebhookSecretCache.fixed(secrets), clock);
  }

  /**
   * @throws RejectedRequestException when the header is missing, malformed or stale, or no secret verifies it
   * @throws SigningSecretsUnavailableException when there is no secret to verify with
   */
  public void verify(String payload, String signatureHeader) {
    SignatureHeader header = SignatureHeader.parse(signatureHeader);
    long age = clock.instant().getEpochSecond() - header.timestamp();
    if (age > TOLERANCE_SECONDS) {
      throw new RejectedRequestException("Stripe-Signature is stale: signed " + age + " s ago, more than the "
          + TOLERANCE_SECONDS + " s tolerance (a replayed request, or this machine's clock is wrong)");
    }
    if (-age > TOLERANCE_SECONDS) {
      throw new RejectedRequestException("Stripe-Signature is signed " + (-age) + " s in the future, more than the "
          + TOLERANCE_SECONDS + " s tolerance (this machine's clock or the sender's is wrong)");
    }
    byte[] signed = (header.timestamp() + "." + payload).getBytes(StandardCharsets.UTF_8);
    if (matches(header, signed, secrets.current())) {
      return;
    }
    if (secrets.refreshedAfterMismatch().filter(fresh -> matches(header, signed, fresh)).isPresent()) {
      return;
    }
    throw new RejectedRequestException(
        "Stripe-Signature does not match: no v1 signature is the payload's HMAC under the configured signing secret");
  }

  private static boolean matches(SignatureHeader header, byte[] signed, List<Secret> candidates) {
    for (Secret secret : candidates) {
      byte[] expected = hmac(secret, signed);
      for (byte[] signature : header.signatures()) {
        if (MessageDigest.isEqual(expected, signature)) {
          return true;
        }
      }
    }
    return false;
  }

  private static byte[] hmac(Secret secret, byte[] signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(signed);
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is in every JDK; a failure here is a broken runtime, not a bad request
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
