package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.AccountLimits;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.SeededSubscription;
import com.subscriptionreconciler.emulator.StripeEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listing and the retrieves, with production's settings read from configuration, against an emulator that
 * enforces Stripe's limiters: the documented ones for a live key and for a sandbox key, and an account Stripe gave
 * lower limits than it documents, which the engine has to find by itself.
 */
class StripeLimitsEngineTest {
  private static final String LIVE_KEY = "sk_live_fake_emulator";
  private static final Duration LATENCY = Duration.ofMillis(120);

  private StripeEmulator emulator;

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private List<String> start(int subscriptions, AccountLimits limits) {
    emulator = StripeEmulator.start(EmulatorOptions.defaults().withThreads(16).withExtraApiKeys(Set.of(LIVE_KEY)));
    AccountGenerator.generate(emulator.account(), subscriptions, 7);
    List<String> ids = AccountGenerator.describe(emulator.account()).map(SeededSubscription::subscriptionId).toList();
    emulator.knobs().latency(LATENCY, Duration.ofMillis(30)).retryAfterSeconds(0).accountLimits(limits);
    emulator.resetCounters();
    return ids;
  }

  /** Settings exactly as the Lambda would read them from its environment. */
  private StripeClients.PacedStripeClient client(String key, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("STRIPE_SECRET_KEY", key);
    all.put("STRIPE_API_BASE", emulator.baseUrl());
    all.put("DB_HOST", "db.internal");
    all.put("DB_NAME", "billing");
    all.put("DB_USER", "reconciler");
    all.put("DB_PASSWORD", "pw");
    StripeSettings settings = ReconcilerConfig.load(Environment.of(all), id -> {
      throw new ConfigurationException("no secrets here");
    }).stripe();
    return StripeClients.create(settings);
  }

  private static List<String> listAll(StripeClients.PacedStripeClient stripe) throws Exception {
    StripeAccountReader reader = StripeAccountReader.open(stripe.client());
    List<String> listed = new ArrayList<>();
    new PartitionedLister(reader, 16, stripe.transport()::concurrencyToFillBudget)
        .list(page -> page.subscriptions().forEach(s -> listed.add(s.id())));
    return listed;
  }

  private double refusedShare() {
    return (double) emulator.counters().throttledRequests() / emulator.totalRequests();
  }

  @Test
  void liveLimitsListAndRetrieveAtOnceOnTheirOwnBudgetsWithoutRefusals() throws Exception {
    List<String> ids = start(4_000, AccountLimits.documented(20));
    StripeClients.PacedStripeClient stripe = client(LIVE_KEY, Map.of("STRIPE_MAX_RPS", "60"));
    StripeAccountReader reader = StripeAccountReader.open(stripe.client());
    ExecutorService retrievals = Executors.newFixedThreadPool(8);
    try {
      List<Future<Optional<SubscriptionPage>>> retrieved = new ArrayList<>();
      for (String id : ids.subList(0, 60)) {
        retrieved.add(retrievals.submit(() -> reader.retrieveSubscription(id)));
      }
      List<String> listed = listAll(stripe);
      for (Future<Optional<SubscriptionPage>> f : retrieved) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isPresent();
      }

      assertThat(listed).hasSameSizeAs(ids).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(emulator.requestCount("GET /v1/subscriptions/{id}")).isEqualTo(60);
      assertThat(emulator.counters().throttledRequests()).as("429s").isLessThanOrEqualTo(1);
      assertThat(stripe.transport().requestsSent()).as("every attempt counted").isEqualTo(emulator.totalRequests());
    } finally {
      retrievals.shutdownNow();
    }
  }

  @Test
  void aSandboxKeyAtDefaultSettingsNeverHitsTheSandboxsGlobalLimit() throws Exception {
    List<String> ids = start(3_000, AccountLimits.documented(20));
    // asks for more than a sandbox allows: the key's mode lowers it to 25 in total
    StripeClients.PacedStripeClient stripe = client(emulator.apiKey(), Map.of("STRIPE_MAX_RPS", "100"));

    List<String> listed = listAll(stripe);

    assertThat(listed).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(emulator.counters().throttledRequests("global-rate")).isZero();
  }

  @Test
  void anAccountWithLowerLimitsThanDocumentedIsFoundNotToldAndListedWithFewRefusals() throws Exception {
    // 100 pages at 5/s. The first refusal measures the account's rate, so on an idle machine the refusals of the
    // first seconds are two or three (2-3%). The 5% target is judged by the benchmark on an idle machine; this test
    // runs beside the rest of the suite, where scheduling jitter alone has cost 9 of 117 attempts, so its bound
    // only separates an engine that finds the account's rate from one that does not (sent at the default 20/s
    // against 5/s, three requests in four would be refused)
    List<String> ids =
        start(10_000, AccountLimits.documented(4).withEndpointRequestsPerSecond(5));
    StripeClients.PacedStripeClient stripe = client(LIVE_KEY, Map.of()); // defaults: 20/s, 25/s per endpoint

    List<String> listed = listAll(stripe);

    assertThat(listed).hasSameSizeAs(ids).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(stripe.transport().requestsSent()).as("every attempt counted").isEqualTo(emulator.totalRequests());
    assertThat(refusedShare())
        .as("429s as a share of attempts (a short run: most are the first seconds'): %d endpoint-rate, %d "
                + "global-concurrency of %d", emulator.counters().throttledRequests("endpoint-rate"),
            emulator.counters().throttledRequests("global-concurrency"), emulator.totalRequests())
        .isLessThanOrEqualTo(0.15);
    assertThat(stripe.transport().peakInFlight()).isLessThanOrEqualTo(8);
  }
}
