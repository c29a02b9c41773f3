package com.subscriptionreconciler.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.net.StripeResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * What a 429 from Stripe says. Stripe answers 429 for two different reasons: {@code rate_limit} (this account
 * sends too much, too fast, or too many at once: the run must slow down) and {@code lock_timeout} (another request
 * holds a lock on the object: contention, not load, so nothing is slowed down for it). {@code Stripe-Should-Retry}
 * overrides the default of retrying either; {@code Retry-After}, when present, is the least wait before a retry.
 */
record Refusal(Kind kind, Optional<Boolean> shouldRetry, Optional<Duration> retryAfter) {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Kind {
    /** {@code code: rate_limit}, or a 429 without a code: Stripe's limiters, this run's load. */
    RATE_LIMIT,
    /** {@code code: lock_timeout}: contention on one object. */
    LOCK_TIMEOUT
  }

  static Refusal of(StripeResponse response) {
    Optional<Boolean> shouldRetry =
        response.headers().firstValue("Stripe-Should-Retry").map(v -> Boolean.parseBoolean(v.trim()));
    Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(Refusal::seconds);
    return new Refusal(kindOf(response.body()), shouldRetry, retryAfter);
  }

  /** Whether the refusal was about this run's load, so rate and concurrency must come down. */
  boolean aboutLoad() {
    return kind == Kind.RATE_LIMIT;
  }

  /** Whether another attempt may be made; Stripe's header wins over the default (retry). */
  boolean retryable() {
    return shouldRetry.orElse(true);
  }

  private static Kind kindOf(String body) {
    try {
      JsonNode code = JSON.readTree(body == null ? "" : body).path("error").path("code");
      return "lock_timeout".equals(code.asText()) ? Kind.LOCK_TIMEOUT : Kind.RATE_LIMIT;
    } catch (IOException e) {
      return Kind.RATE_LIMIT; // an unreadable 429 is still a 429: slow down
    }
  }

  private static Optional<Duration> seconds(String value) {
    try {
      double seconds = Double.parseDouble(value.trim());
      return seconds >= 0 ? Optional.of(Duration.ofMillis(Math.round(seconds * 1000))) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
