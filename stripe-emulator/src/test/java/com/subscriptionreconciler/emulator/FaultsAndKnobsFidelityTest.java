package com.subscriptionreconciler.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.SubscriptionCancelParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate limits, injected failures, dropped connections, auth, writes and latency, as stripe-java sees them. */
class FaultsAndKnobsFidelityTest {

  private StripeEmulator emulator;
  private String customer;

  @BeforeEach
  void start() {
    emulator = StripeEmulator.start(EmulatorOptions.defaults().withExtraApiKeys(Set.of("rk_test_readonly")));
    customer = emulator.account().createCustomer("a@example.com", Map.of());
    emulator.resetCounters();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Customer retrieve(StripeClient client) throws StripeException {
    return client.v1().customers().retrieve(customer);
  }

  @Test
  void rateLimitAnswers429ThatStripeJavaRaisesAsRateLimitException() throws Exception {
    StripeClient client = Clients.client(emulator);
    emulator.knobs().rateLimit(1);
    retrieve(client);
    assertThatThrownBy(() -> retrieve(client))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(429);
          assertThat(e.getCode()).isEqualTo("rate_limit");
          assertThat(e.getRequestId()).startsWith("req_");
        });
    assertThat(emulator.counters().throttledRequests()).isEqualTo(1);
    assertThat(emulator.requestCount("GET /v1/customers/{id}")).isEqualTo(2);
  }

  @Test
  void rateLimitedRequestIsNotRetriedWithoutStripeShouldRetry() {
    StripeClient client = Clients.client(emulator, 2);
    emulator.knobs().rateLimit(1);
    assertThatThrownBy(() -> {
      retrieve(client);
      retrieve(client);
    }).isInstanceOf(RateLimitException.class);
    assertThat(emulator.totalRequests()).isEqualTo(2);
  }

  @Test
  void rateLimitedRequestIsRetriedWhenStripeShouldRetryIsTrue() throws Exception {
    StripeClient client = Clients.client(emulator, 5);
    emulator.knobs().rateLimit(2).rateLimitShouldRetry(true);
    for (int i = 0; i < 4; i++) {
      assertThat(retrieve(client).getId()).isEqualTo(customer);
    }
    assertThat(emulator.counters().throttledRequests()).isPositive();
    assertThat(emulator.totalRequests()).isEqualTo(4 + emulator.counters().throttledRequests());
  }

  @Test
  void injected5xxIsApiExceptionAndRetriedWhenRetriesAreOn() throws Exception {
    emulator.knobs().failNext(1);
    assertThatThrownBy(() -> retrieve(Clients.client(emulator)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(500));

    emulator.knobs().failureStatus(503).failRequests(2);
    assertThat(retrieve(Clients.client(emulator, 2)).getId()).isEqualTo(customer);
    assertThat(emulator.counters().injectedFailures()).isEqualTo(2);
    assertThat(emulator.totalRequests()).isEqualTo(3);
  }

  @Test
  void failFractionIsReproducibleForASeed() throws Exception {
    List<Boolean> first = outcomes(42);
    List<Boolean> second = outcomes(42);
    assertThat(first).isEqualTo(second).contains(true, false);
  }

  private static List<Boolean> outcomes(long seed) throws Exception {
    try (StripeEmulator e = StripeEmulator.start(EmulatorOptions.defaults().withSeed(seed))) {
      e.knobs().failFraction(0.5);
      StripeClient client = Clients.client(e);
      List<Boolean> ok = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        try {
          client.v1().customers().list(CustomerListParams.builder().build());
          ok.add(true);
        } catch (ApiException failed) {
          ok.add(false);
        }
      }
      return ok;
    }
  }

  @Test
  void droppedConnectionIsApiConnectionException() {
    // Two drops: the JDK's HttpURLConnection silently re-sends a GET once after an empty answer.
    emulator.knobs().dropNext(2);
    assertThatThrownBy(() -> retrieve(Clients.client(emulator)))
        .isInstanceOf(ApiConnectionException.class);
    assertThat(emulator.counters().droppedConnections()).isEqualTo(2);
  }

  @Test
  void singleDropIsHiddenByTheJdksOwnResend() throws Exception {
    emulator.knobs().dropNext(1);
    assertThat(retrieve(Clients.client(emulator)).getId()).isEqualTo(customer);
    assertThat(emulator.counters().droppedConnections()).isEqualTo(1);
    assertThat(emulator.totalRequests()).isEqualTo(2);
  }

  @Test
  void wrongOrMissingKeyIsAuthenticationException() throws Exception {
    StripeClient wrong = StripeClient.builder().setApiKey("sk_test_wrongkey123").setApiBase(emulator.baseUrl()).build();
    assertThatThrownBy(() -> retrieve(wrong))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(401);
          assertThat(e.getMessage()).doesNotContain("sk_test_wrongkey123");
        });
    StripeClient restricted = StripeClient.builder().setApiKey("rk_test_readonly").setApiBase(emulator.baseUrl()).build();
    assertThat(retrieve(restricted).getId()).isEqualTo(customer);
    assertThat(emulator.counters().unauthorizedRequests()).isEqualTo(1);
  }

  @Test
  void writesAreRefusedAndCounted() {
    StripeClient client = Clients.client(emulator);
    assertThatThrownBy(() -> client.v1().customers().create(CustomerCreateParams.builder().setEmail("x@example.com").build()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(405));
    assertThatThrownBy(() -> client.v1().subscriptions().cancel("sub_x", SubscriptionCancelParams.builder().build()))
        .isInstanceOf(StripeException.class);
    assertThat(emulator.writeAttempts()).isEqualTo(2);
    assertThat(emulator.requestCount("POST /v1/customers")).isEqualTo(1);
    assertThat(emulator.requestCount("DELETE /v1/subscriptions/{id}")).isEqualTo(1);
    assertThat(emulator.account().customers().count()).isEqualTo(1);
  }

  @Test
  void latencyDelaysAnswersWithoutSerializingConcurrentClients() throws Exception {
    StripeClient client = Clients.client(emulator);
    emulator.knobs().latency(Duration.ofMillis(300), Duration.ZERO);
    long start = System.nanoTime();
    retrieve(client);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

    int clients = 40; // more than the server's worker threads: the delay must not hold them
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        answers.add(pool.submit((Callable<String>) () -> {
          go.await();
          return retrieve(client).getId();
        }));
      }
      start = System.nanoTime();
      go.countDown();
      for (Future<String> answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(customer);
      }
      // Served one at a time this would take 40 × 300 ms = 12 s.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everyAnswerCarriesARequestId() throws Exception {
    Customer c = retrieve(Clients.client(emulator));
    assertThat(c.getLastResponse().requestId()).startsWith("req_");
    assertThat(c.getLastResponse().headers().firstValue("Stripe-Version")).hasValue("2026-07-29.dahlia");
  }
}
