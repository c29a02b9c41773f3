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
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.StripeTarget;
import com.subscriptionreconciler.plan.SubscriptionField;
import com.subscriptionreconciler.plan.TierResolver;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void theSeededAccountsBasePlansAreThePrimaryItemsNotTheExtraSeatsAddOn() throws Exception {
    StripeAccountReader reader = StripeAccountReader.open(stripe.client());
    StripeTarget.Factory targets = new StripeTarget.Factory(new TierResolver(Map.of()));
    List<StripeSubscription> all = new ArrayList<>();
    for (SubscriptionPage page = reader.listSubscriptions(CreatedRange.ALL, null); ;
        page = reader.listSubscriptions(CreatedRange.ALL, page.lastId())) {
      all.addAll(page.subscriptions());
      if (!page.hasMore()) {
        break;
      }
    }
    List<StripeSubscription> withSeats = all.stream().filter(s -> s.items().size() > 1).toList();

    // every item of a seeded subscription is created in its second; the "Extra seats" product says plan_tier=addon
    assertThat(withSeats).as("the seed has base + add-on subscriptions").hasSizeGreaterThanOrEqualTo(3);
    assertThat(withSeats).as("an add-on whose random id sorts first: item ids cannot break the tie")
        .anySatisfy(s -> assertThat(s.items().get(1).id()).isLessThan(s.items().get(0).id()));
    assertThat(withSeats).allSatisfy(s -> {
      StripeTarget target = targets.of(s);
      assertThat(target.values().get(SubscriptionField.STRIPE_PRICE_ID)).isEqualTo(s.items().get(0).priceId());
      assertThat(target.values().get(SubscriptionField.PLAN_TIER)).isNotEqualTo("addon");
    });
  }

  @Test
  void aSandboxKeyMarksTheTransportAndALiveKeyDoesNot() {
    assertThat(stripe.transport().sandbox()).as(emulator.apiKey()).isTrue();
    assertThat(StripeClients.create(new StripeSettings(emulator.baseUrl(), Secret.of("sk_live_fake_emulator"), 10, 0))
        .transport().sandbox()).isFalse();
    assertThat(StripeClients.create(new StripeSettings(emulator.baseUrl(), Secret.of("rk_test_fake_emulator"), 10, 0))
        .transport().sandbox()).isTrue();
  }

  private static String tierOf(StripeItem item) {
    return item.pricePlanTier() != null ? item.pricePlanTier() : item.productPlanTier();
  }
}
