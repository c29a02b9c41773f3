package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.ApiException;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.plan.StripeItem;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading the catalog alongside the first pages, against the emulator through stripe-java. */
class StripeAccountReaderTest {
  private StripeEmulator emulator;
  private StripeClients.PacedStripeClient stripe;
  private AccountGenerator.Summary account;

  @BeforeEach
  void setUp() {
    emulator = StripeEmulator.start(EmulatorOptions.defaults());
    account = AccountGenerator.generate(emulator.account(), 300, 3);
    // no network retries: an injected 5xx is final
    stripe = StripeClients.create(new StripeSettings(emulator.baseUrl(), Secret.of(emulator.apiKey()), 1000, 0));
    emulator.resetCounters();
  }

  @AfterEach
  void tearDown() {
    emulator.close();
  }

  @Test
  void pagesReadWhileTheCatalogLoadsCarryTheProductsTiers() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      StripeAccountReader reader = StripeAccountReader.openReadingCatalogAlongside(stripe.client(), executor);

      SubscriptionPage page = reader.listSubscriptions(CreatedRange.ALL, null);

      Map<String, String> tierByPrice = account.catalog().stream()
          .filter(p -> p.planTier() != null)
          .collect(Collectors.toMap(AccountGenerator.CatalogPrice::priceId, AccountGenerator.CatalogPrice::planTier));
      assertThat(page.subscriptions()).isNotEmpty();
      assertThat(page.subscriptions().stream().flatMap(s -> s.items().stream()))
          .filteredOn(item -> tierByPrice.containsKey(item.priceId()))
          .isNotEmpty()
          .allSatisfy(item -> assertThat(tierOf(item)).isEqualTo(tierByPrice.get(item.priceId())));
      assertThat(emulator.requestCount("GET /v1/products")).isEqualTo(1);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aFailedCatalogReadFailsTheFirstReadThatNeedsItWithStripesError() {
    emulator.knobs().failRequests(1);
    // a same-thread executor makes the catalog request the first one the emulator sees, and the one that fails
    StripeAccountReader reader = StripeAccountReader.openReadingCatalogAlongside(stripe.client(), Runnable::run);

    assertThatThrownBy(() -> reader.listSubscriptions(CreatedRange.ALL, null)).isInstanceOf(ApiException.class);
    assertThat(emulator.requestCount("GET /v1/subscriptions")).as("the page itself was answered").isEqualTo(1);
  }

  private static String tierOf(StripeItem item) {
    return item.pricePlanTier() != null ? item.pricePlanTier() : item.productPlanTier();
  }
}
