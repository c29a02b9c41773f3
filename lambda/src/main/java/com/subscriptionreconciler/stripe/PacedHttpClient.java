package com.subscriptionreconciler.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.net.HttpClient;
import com.stripe.net.HttpHeaders;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP transport stripe-java uses for every attempt it makes: waits for room under the adaptive cap on
 * requests in flight ({@link ConcurrencyGate}) and for a send slot of the request's endpoint ({@link RequestPacer}),
 * counts the attempt, and handles Stripe's 429s.
 *
 * <p>stripe-java's own retry loop ({@code setMaxNetworkRetries}) calls {@link #request} once per attempt, so its
 * retries of 5xx, 409 and dropped connections are paced and counted here too. A 429 is handled here:
 *
 * <ul>
 *   <li>{@code rate_limit} (the account's rate or concurrency limiters) lowers the endpoint's rate and the cap on
 *       requests in flight at once, for every thread; {@code lock_timeout} (contention on one object) lowers
 *       nothing.
 *   <li>{@code Stripe-Should-Retry: false} is final; otherwise the request is tried again, after
 *       {@code Retry-After} when Stripe sends it (and then no request to that endpoint goes before it), else after
 *       a jittered exponential backoff of its own.
 *   <li>A request is refused at most {@link #MAX_RATE_LIMIT_WAITS} times; then the 429 reaches stripe-java (as a
 *       {@code RateLimitException}, which fails the run rather than pretending the account is in sync) with
 *       {@code Stripe-Should-Retry: false}, so stripe-java's own retries cannot stretch that budget.
 * </ul>
 */
public final class PacedHttpClient extends HttpClient {
  static final int MAX_RATE_LIMIT_WAITS = 12;
  /** Room in flight when no cap is configured: as many as a list walk ever runs at once. */
  static final int DEFAULT_MAX_IN_FLIGHT = 32;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final double LATENCY_SMOOTHING = 0.1;
  private static final String LIST_SUBSCRIPTIONS = "GET /v1/subscriptions";

  private final HttpClient transport;
  private final RequestPacer pacer;
  private final ConcurrencyGate gate;
  private final RequestPacer.Clock clock;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  /** Moving average of how long Stripe takes to answer (network and server, not the pacing wait). */
  private double latencyNanos;
  private volatile boolean sandbox;

  public PacedHttpClient(RequestPacer pacer) {
    this(pacer, DEFAULT_MAX_IN_FLIGHT);
  }

  public PacedHttpClient(RequestPacer pacer, int maxInFlight) {
    this(new HttpURLConnectionClient(), pacer, maxInFlight, pacer.clock());
  }

  PacedHttpClient(HttpClient transport, RequestPacer pacer) {
    this(transport, pacer, DEFAULT_MAX_IN_FLIGHT, pacer.clock());
  }

  PacedHttpClient(HttpClient transport, RequestPacer pacer, int maxInFlight, RequestPacer.Clock clock) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.pacer = Objects.requireNonNull(pacer, "pacer");
    this.gate = new ConcurrencyGate(maxInFlight);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Marks the account this transport talks to as a sandbox (its key is a test key): a full run then also lists the
   * subscriptions of its test clocks, which a sandbox leaves out of the plain list. Unmarked (a live key, or
   * unknown) nothing about test clocks is ever requested.
   */
  public PacedHttpClient sandbox(boolean value) {
    this.sandbox = value;
    return this;
  }

  /** Whether the key is a sandbox's ({@link #sandbox(boolean)}). */
  public boolean sandbox() {
    return sandbox;
  }

  @Override
  public StripeResponse request(StripeRequest request) throws StripeException {
    String endpoint = StripeEndpoint.of(request);
    Duration wait = Duration.ZERO;
    for (int refusals = 0; ; refusals++) {
      Attempt attempt = send(request, endpoint, wait);
      StripeResponse response = attempt.response();
      if (response.code() != 429) {
        return response;
      }
      rateLimited.incrementAndGet();
      Refusal refusal = Refusal.of(response);
      if (refusal.aboutLoad()) {
        pacer.refused(endpoint, attempt.sentAtNanos(), refusals > 0);
      }
      if (!refusal.retryable() || refusals >= MAX_RATE_LIMIT_WAITS) {
        return final429(response);
      }
      wait = refusal.retryAfter().map(PacedHttpClient::capped).orElse(null);
      if (wait != null) {
        pacer.backOff(endpoint, wait);
      } else {
        wait = backoff(refusals);
      }
    }
  }

  /** One attempt's answer and when (on the pacer's clock) it was sent. */
  private record Attempt(StripeResponse response, long sentAtNanos) {}

  private Attempt send(StripeRequest request, String endpoint, Duration notBefore) throws StripeException {
    ConcurrencyGate.Permit permit;
    try {
      // the slot first, then room in flight: a request waiting for its endpoint's slot is not in flight, so the
      // cap on requests in flight measures Stripe's answers rather than our own pacing
      pacer.acquire(endpoint, notBefore.toNanos());
      permit = gate.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiConnectionException("interrupted while waiting to send a Stripe request", e);
    }
    requests.incrementAndGet();
    long sentAt = clock.nanoTime();
    long sent = System.nanoTime();
    StripeResponse response;
    try {
      response = transport.request(request);
    } catch (ApiConnectionException e) {
      permit.ignored();
      throw StripeUnreachableException.of(request.url(), e);
    } catch (StripeException | RuntimeException e) {
      permit.ignored();
      throw e;
    }
    if (response.code() == 429) {
      if (Refusal.of(response).aboutLoad()) {
        permit.refused();
      } else {
        permit.ignored();
      }
      return new Attempt(response, sentAt);
    }
    permit.answered();
    pacer.answered(endpoint);
    observeLatency(System.nanoTime() - sent);
    return new Attempt(response, sentAt);
  }

  /** The last 429 of a request, marked so stripe-java does not retry it on its own. */
  private static StripeResponse final429(StripeResponse response) {
    Map<String, List<String>> headers = new java.util.HashMap<>(response.headers().map());
    headers.keySet().removeIf(name -> name.equalsIgnoreCase("Stripe-Should-Retry"));
    headers.put("Stripe-Should-Retry", List.of("false"));
    return new StripeResponse(response.code(), HttpHeaders.of(headers), response.body());
  }

  private synchronized void observeLatency(long nanos) {
    latencyNanos = latencyNanos == 0 ? nanos : latencyNanos + LATENCY_SMOOTHING * (nanos - latencyNanos);
  }

  /**
   * How many list requests must be in flight at once to send at the list endpoint's current rate: the typical
   * answer time times that rate (Little's law), but never more than the adaptive cap lets be in flight, since a
   * list walk beyond it only waits for room. 0 until the first answer.
   */
  public synchronized double concurrencyToFillBudget() {
    return Math.min(gate.limit(), latencyNanos / 1e9 * pacer.requestsPerSecond(LIST_SUBSCRIPTIONS));
  }

  /** How long a refused request waits without {@code Retry-After}: exponential from 500 ms, jittered, capped. */
  static Duration backoff(int refusals) {
    long base = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(refusals, 16));
    long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofMillis(jittered);
  }

  /** How long a refused request waits: {@code Retry-After} when Stripe sends a readable one, else {@link #backoff}. */
  static Duration rateLimitWait(StripeResponse response, int refusals) {
    return Refusal.of(response).retryAfter().map(PacedHttpClient::capped).orElseGet(() -> backoff(refusals));
  }

  private static Duration capped(Duration wait) {
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  /** Every HTTP request sent to Stripe so far, retries and 429s included. */
  public long requestsSent() {
    return requests.get();
  }

  /** How many responses were 429s. */
  public long rateLimitedResponses() {
    return rateLimited.get();
  }

  /** The most requests that were in flight at once. */
  public int peakInFlight() {
    return gate.peakInFlight();
  }

  /** The adaptive cap on requests in flight as it stands. */
  public int inFlightLimit() {
    return gate.limit();
  }
}
