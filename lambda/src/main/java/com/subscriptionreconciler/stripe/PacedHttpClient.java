package com.subscriptionreconciler.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.net.HttpClient;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP transport stripe-java uses for every attempt it makes: paces each one under the run's budget, counts
 * it, and waits out plain 429s, which stripe-java itself does not retry.
 *
 * <p>stripe-java's own retry loop ({@code setMaxNetworkRetries}) calls {@link #request} once per attempt, so its
 * retries of 5xx, 409 and dropped connections are paced and counted here too. A 429 is retried inside this
 * class, honouring {@code Retry-After} (seconds) when Stripe sends it and otherwise backing off exponentially
 * with jitter; the pause is shared with every other thread through {@link RequestPacer#backOff}. Only after
 * {@link #MAX_RATE_LIMIT_WAITS} consecutive 429s does the response reach stripe-java (as a
 * {@code RateLimitException}), which then fails the run rather than pretending the account is in sync.
 */
public final class PacedHttpClient extends HttpClient {
  static final int MAX_RATE_LIMIT_WAITS = 12;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final double LATENCY_SMOOTHING = 0.1;

  private final HttpClient transport;
  private final RequestPacer pacer;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  /** Moving average of how long Stripe takes to answer (network and server, not the pacing wait). */
  private double latencyNanos;

  public PacedHttpClient(RequestPacer pacer) {
    this(new HttpURLConnectionClient(), pacer);
  }

  PacedHttpClient(HttpClient transport, RequestPacer pacer) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.pacer = Objects.requireNonNull(pacer, "pacer");
  }

  @Override
  public StripeResponse request(StripeRequest request) throws StripeException {
    for (int attempt = 0; ; attempt++) {
      StripeResponse response = send(request);
      if (response.code() != 429 || attempt >= MAX_RATE_LIMIT_WAITS) {
        return response;
      }
      rateLimited.incrementAndGet();
      pacer.backOff(rateLimitWait(response, attempt));
    }
  }

  private StripeResponse send(StripeRequest request) throws StripeException {
    try {
      pacer.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiConnectionException("interrupted while waiting for the Stripe request budget", e);
    }
    requests.incrementAndGet();
    long sent = System.nanoTime();
    StripeResponse response = transport.request(request);
    observeLatency(System.nanoTime() - sent);
    return response;
  }

  private synchronized void observeLatency(long nanos) {
    latencyNanos = latencyNanos == 0 ? nanos : latencyNanos + LATENCY_SMOOTHING * (nanos - latencyNanos);
  }

  /**
   * How many requests must be in flight at once to send at the full budget: the typical answer time divided by
   * the pacing interval (Little's law). 0 until the first answer.
   */
  public synchronized double concurrencyToFillBudget() {
    return latencyNanos / pacer.interval().toNanos();
  }

  static Duration rateLimitWait(StripeResponse response, int attempt) {
    Duration retryAfter =
        response
            .headers()
            .firstValue("Retry-After")
            .flatMap(PacedHttpClient::parseSeconds)
            .orElse(null);
    if (retryAfter != null) {
      return retryAfter.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : retryAfter;
    }
    long base = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt, 16));
    long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofMillis(jittered);
  }

  private static java.util.Optional<Duration> parseSeconds(String value) {
    try {
      double seconds = Double.parseDouble(value.trim());
      return seconds >= 0
          ? java.util.Optional.of(Duration.ofMillis(Math.round(seconds * 1000)))
          : java.util.Optional.empty();
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** Every HTTP request sent to Stripe so far, retries and 429s included. */
  public long requestsSent() {
    return requests.get();
  }

  /** How many responses were 429s that this client waited out. */
  public long rateLimitedResponses() {
    return rateLimited.get();
  }
}
