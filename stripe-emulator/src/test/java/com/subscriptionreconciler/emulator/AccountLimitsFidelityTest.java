package com.subscriptionreconciler.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.RateLimitException;
import com.stripe.model.Event;
import com.stripe.param.EventListParams;
import com.stripe.param.SubscriptionListParams;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe's limiters as the emulator models them: rates by key mode and by endpoint, the concurrency limiter that
 * sheds expanded lists first, load-dependent latency, Stripe's 429 bodies and headers, lock timeouts and the
 * delayed visibility of events. Rates here are far below one per second, so whether a request is refused never
 * depends on how fast the machine runs the test.
 */
class AccountLimitsFidelityTest {
  private static final double ONCE = 0.001; // one request, then none for 1000 s
  private static final String LIVE_KEY = "sk_live_fake_emulator";

  private StripeEmulator emulator;
  private String customer;

  @BeforeEach
  void start() {
    emulator = StripeEmulator.start(EmulatorOptions.defaults().withExtraApiKeys(Set.of(LIVE_KEY)));
    customer = emulator.account().createCustomer("a@example.com", Map.of());
    emulator.resetCounters();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private static AccountLimits limits(double live, double sandbox, double endpoint, int inFlight) {
    return new AccountLimits(live, sandbox, endpoint, inFlight, Duration.ZERO, Duration.ZERO);
  }

  @Test
  void eachEndpointHasItsOwnRateAndRefusesLikeStripe() throws Exception {
    emulator.knobs().accountLimits(limits(0, 0, ONCE, 0));

    Answer first = get("/v1/customers/" + customer, emulator.apiKey());
    Answer second = get("/v1/customers/" + customer, emulator.apiKey());
    Answer otherEndpoint = get("/v1/subscriptions?limit=1", emulator.apiKey());

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.header("Stripe-Rate-Limited-Reason")).isEqualTo("endpoint-rate");
    assertThat(second.body()).containsPattern("\"type\":\\s*\"invalid_request_error\"")
        .containsPattern("\"code\":\\s*\"rate_limit\"");
    assertThat(otherEndpoint.status()).as("another endpoint has its own budget").isEqualTo(200);
    assertThat(emulator.counters().throttledRequests("endpoint-rate")).isEqualTo(1);
  }

  @Test
  void aSandboxKeyGetsTheSandboxLimitAndALiveKeyTheLiveOne() throws Exception {
    emulator.knobs().accountLimits(limits(0, ONCE, 0, 0));

    assertThat(get("/v1/customers/" + customer, emulator.apiKey()).status()).isEqualTo(200);
    Answer refused = get("/v1/subscriptions?limit=1", emulator.apiKey());
    assertThat(refused.status()).as("sandbox: the account limit spans endpoints").isEqualTo(429);
    assertThat(refused.header("Stripe-Rate-Limited-Reason")).isEqualTo("global-rate");
    for (int i = 0; i < 5; i++) {
      assertThat(get("/v1/customers/" + customer, LIVE_KEY).status()).as("live key, live limit off").isEqualTo(200);
    }
  }

  @Test
  void stripeJavaSeesTheRefusalAsARateLimitExceptionAndRetriesOnlyWhenTold() {
    emulator.knobs().accountLimits(limits(0, 0, ONCE, 0)).retryAfterSeconds(0).rateLimitShouldRetry(false);
    StripeClient client = Clients.client(emulator, 2);

    assertThatThrownBy(() -> {
      client.v1().customers().retrieve(customer);
      client.v1().customers().retrieve(customer);
    }).isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.getCode()).isEqualTo("rate_limit"));
    assertThat(emulator.totalRequests()).as("Stripe-Should-Retry: false stops stripe-java's retries").isEqualTo(2);
  }

  @Test
  void theConcurrencyLimiterShedsExpandedListsFirst() throws Exception {
    emulator.knobs().accountLimits(limits(0, 0, 0, 4)).latency(Duration.ofSeconds(3), Duration.ZERO);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Answer>> slow = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        slow.add(pool.submit(() -> get("/v1/customers/" + customer, emulator.apiKey())));
      }
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (emulator.knobs().inFlight() < 3 && System.nanoTime() < giveUp) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polls a real condition: three requests held
      }
      assertThat(emulator.knobs().inFlight()).isEqualTo(3);

      Answer expandedList = get("/v1/subscriptions?limit=100&expand[]=data.customer", emulator.apiKey());
      assertThat(expandedList.status()).as("3 of 4 in flight: expanded lists are shed").isEqualTo(429);
      assertThat(expandedList.header("Stripe-Rate-Limited-Reason")).isEqualTo("global-concurrency");
      assertThat(expandedList.body()).containsPattern("\"code\":\\s*\"rate_limit\"");
      for (Future<Answer> f : slow) {
        assertThat(f.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void latencyGrowsWithRequestsInFlightAndWithExpandedPages() {
    AccountLimiter limiter =
        new AccountLimiter(new AccountLimits(0, 0, 0, 0, Duration.ofMillis(10), Duration.ofMillis(60)));
    assertThat(limiter.admit("GET /v1/customers/{id}", false, false)).isNull();
    assertThat(limiter.extraLatencyMillis(1, false)).as("alone: no load").isZero();
    limiter.admit("GET /v1/customers/{id}", false, false);
    limiter.admit("GET /v1/customers/{id}", false, false);

    assertThat(limiter.extraLatencyMillis(1, false)).as("two others in flight").isEqualTo(20);
    assertThat(limiter.extraLatencyMillis(100, true)).as("and a full expanded page").isEqualTo(80);
    assertThat(limiter.extraLatencyMillis(50, true)).isEqualTo(50);
  }

  @Test
  void aLockTimeoutIsA429WithItsOwnCodeAndStripeShouldRetryTrue() throws Exception {
    emulator.knobs().lockTimeoutFraction(1.0);

    Answer answer = get("/v1/customers/" + customer, emulator.apiKey());

    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.body()).containsPattern("\"code\":\\s*\"lock_timeout\"");
    assertThat(answer.header("Stripe-Should-Retry")).isEqualTo("true");
    assertThat(emulator.counters().throttledRequests("lock_timeout")).isEqualTo(1);
  }

  @Test
  void newEventsAreListedOnlyAfterTheVisibilityDelay() throws Exception {
    emulator.account().setEventVisibilityDelay(Duration.ofSeconds(30));
    String before = emulator.account().createCustomer("b@example.com", Map.of());
    StripeClient client = Clients.client(emulator);

    List<Event> early = client.v1().events().list(EventListParams.builder().build()).getData();
    emulator.account().advanceSeconds(30);
    List<Event> later = client.v1().events().list(EventListParams.builder().build()).getData();

    assertThat(early).as("not yet visible").isEmpty();
    assertThat(later).extracting(Event::getType).containsOnly("customer.created").hasSize(2);
    assertThat(later).anySatisfy(e -> assertThat(e.getDataObjectDeserializer().getRawJson()).contains(before));
    assertThat(client.v1().subscriptions().list(SubscriptionListParams.builder().build()).getData()).isEmpty();
  }

  private record Answer(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private Answer get(String path, String key) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(emulator.baseUrl() + path).toURL().openConnection();
    c.setRequestProperty("Authorization", "Bearer " + key);
    int status = c.getResponseCode();
    byte[] body = (status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes();
    return new Answer(status, c.getHeaderFields(), new String(body, StandardCharsets.UTF_8));
  }
}
