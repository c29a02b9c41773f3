package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.exception.StripeException;
import com.stripe.net.ApiMode;
import com.stripe.net.ApiResource;
import com.stripe.net.HttpClient;
import com.stripe.net.HttpHeaders;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacedHttpClientTest {

  /** Answers from a script; stands in only for the socket, the retry and pacing logic under test is real. */
  static final class ScriptedTransport extends HttpClient {
    final Deque<StripeResponse> script = new ArrayDeque<>();
    int calls;

    @Override
    public StripeResponse request(StripeRequest request) {
      calls++;
      return script.isEmpty() ? ok() : script.poll();
    }
  }

  static StripeResponse ok() {
    return new StripeResponse(200, HttpHeaders.of(Map.of()), "{}");
  }

  static StripeResponse tooManyRequests(Map<String, List<String>> headers) {
    return new StripeResponse(
        429,
        HttpHeaders.of(headers),
        "{\"error\":{\"code\":\"rate_limit\",\"type\":\"invalid_request_error\",\"message\":\"Too many requests\"}}");
  }

  static StripeRequest aRequest() throws StripeException {
    return StripeRequest.create(
        ApiResource.RequestMethod.GET,
        "http://127.0.0.1:1/v1/subscriptions",
        Map.of(),
        RequestOptions.builder().setApiKey("sk_test_x").build(),
        ApiMode.V1);
  }

  @Test
  void waitsOutA429UsingRetryAfterAndCountsEveryAttempt() throws Exception {
    RequestPacerTest.ManualClock clock = new RequestPacerTest.ManualClock();
    ScriptedTransport transport = new ScriptedTransport();
    transport.script.add(tooManyRequests(Map.of("Retry-After", List.of("3"))));
    PacedHttpClient client = new PacedHttpClient(transport, new RequestPacer(1000, clock));

    StripeResponse response = client.request(aRequest());

    assertThat(response.code()).isEqualTo(200);
    assertThat(transport.calls).isEqualTo(2);
    assertThat(client.requestsSent()).isEqualTo(2);
    assertThat(client.rateLimitedResponses()).isEqualTo(1);
    assertThat(Duration.ofNanos(clock.slept)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void givesUpAfterTheWaitBudgetAndHandsThe429ToStripeJava() throws Exception {
    RequestPacerTest.ManualClock clock = new RequestPacerTest.ManualClock();
    ScriptedTransport transport = new ScriptedTransport();
    for (int i = 0; i <= PacedHttpClient.MAX_RATE_LIMIT_WAITS; i++) {
      transport.script.add(tooManyRequests(Map.of()));
    }
    PacedHttpClient client = new PacedHttpClient(transport, new RequestPacer(1000, clock));

    StripeResponse response = client.request(aRequest());

    assertThat(response.code()).isEqualTo(429);
    assertThat(transport.calls).isEqualTo(PacedHttpClient.MAX_RATE_LIMIT_WAITS + 1);
  }

  @Test
  void backsOffExponentiallyWithoutRetryAfterAndCapsTheWait() {
    StripeResponse noHint = tooManyRequests(Map.of());

    Duration first = PacedHttpClient.rateLimitWait(noHint, 0);
    Duration later = PacedHttpClient.rateLimitWait(noHint, 3);
    Duration capped = PacedHttpClient.rateLimitWait(noHint, 40);

    assertThat(first).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(later).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
    assertThat(capped).isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void ignoresAMalformedRetryAfter() {
    Duration wait =
        PacedHttpClient.rateLimitWait(tooManyRequests(Map.of("Retry-After", List.of("soon"))), 0);

    assertThat(wait).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void passesOtherResponsesThroughUntouched() throws Exception {
    ScriptedTransport transport = new ScriptedTransport();
    transport.script.add(new StripeResponse(500, HttpHeaders.of(Map.of()), "{}"));
    PacedHttpClient client =
        new PacedHttpClient(transport, new RequestPacer(1000, new RequestPacerTest.ManualClock()));

    assertThat(client.request(aRequest()).code()).isEqualTo(500);
    assertThat(client.requestsSent()).isEqualTo(1);
  }

  static StripeResponse lockTimeout() {
    return new StripeResponse(
        429,
        HttpHeaders.of(Map.of("Stripe-Should-Retry", List.of("true"))),
        "{\"error\":{\"code\":\"lock_timeout\",\"type\":\"invalid_request_error\",\"message\":\"locked\"}}");
  }

  @Test
  void aRateLimitSlowsTheEndpointButALockTimeoutDoesNot() throws Exception {
    RequestPacerTest.ManualClock clock = new RequestPacerTest.ManualClock();
    RequestPacer pacer = new RequestPacer(100, 20, clock);
    ScriptedTransport transport = new ScriptedTransport();
    transport.script.add(lockTimeout());
    PacedHttpClient client = new PacedHttpClient(transport, pacer);

    assertThat(client.request(aRequest()).code()).isEqualTo(200);
    assertThat(pacer.requestsPerSecond("GET /v1/subscriptions")).as("contention is not load").isEqualTo(20);

    transport.script.add(tooManyRequests(Map.of()));
    assertThat(client.request(aRequest()).code()).isEqualTo(200);
    assertThat(pacer.requestsPerSecond("GET /v1/subscriptions"))
        .as("first refusal halves; the retry's answer, half a second later at most, adds back up to 12.5%")
        .isBetween(10.0, 11.25);
    assertThat(pacer.requestsPerSecond("GET /v1/subscriptions/{id}"))
        .as("an endpoint not used yet starts where the refused one stands")
        .isEqualTo(pacer.requestsPerSecond("GET /v1/subscriptions"));
    assertThat(client.requestsSent()).isEqualTo(4);
    assertThat(client.rateLimitedResponses()).isEqualTo(2);
  }

  @Test
  void stripeShouldRetryFalseIsFinalAndTheLast429TellsStripeJavaNotToRetry() throws Exception {
    ScriptedTransport transport = new ScriptedTransport();
    transport.script.add(tooManyRequests(Map.of("Stripe-Should-Retry", List.of("false"))));
    PacedHttpClient client = new PacedHttpClient(transport, new RequestPacer(1000, new RequestPacerTest.ManualClock()));

    StripeResponse response = client.request(aRequest());

    assertThat(response.code()).isEqualTo(429);
    assertThat(transport.calls).isEqualTo(1);
    assertThat(response.headers().firstValue("Stripe-Should-Retry")).contains("false");
  }

  @Test
  void aRequestRefusedUntilItsBudgetIsSpentIsNotRetriedByStripeJavaEither() throws Exception {
    RequestPacerTest.ManualClock clock = new RequestPacerTest.ManualClock();
    ScriptedTransport transport = new ScriptedTransport();
    for (int i = 0; i <= PacedHttpClient.MAX_RATE_LIMIT_WAITS; i++) {
      transport.script.add(tooManyRequests(Map.of("Stripe-Should-Retry", List.of("true"))));
    }
    PacedHttpClient client = new PacedHttpClient(transport, new RequestPacer(1000, clock));

    StripeResponse response = client.request(aRequest());

    assertThat(transport.calls).isEqualTo(PacedHttpClient.MAX_RATE_LIMIT_WAITS + 1);
    assertThat(response.headers().firstValue("Stripe-Should-Retry"))
        .as("stripe-java retries a 429 marked true: the budget would be spent again")
        .contains("false");
  }
}
