package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sandbox's test-clock subscriptions, which the plain list leaves out, listed by the walk itself. */
class PartitionedListerTestClocksTest {
  private static final long T0 = 1_780_000_000L;
  private static final String CLOCKS = "GET /v1/test_helpers/test_clocks";

  private StripeEmulator emulator;
  private StripeAccountReader reader;
  private String plain;
  private String early;
  private String late;

  @BeforeEach
  void setUp() throws Exception {
    emulator = StripeEmulator.start(EmulatorOptions.defaults().withClockStart(T0));
    EmulatedAccount account = emulator.account();
    String product = account.createProduct("Pro", Map.of("plan_tier", "pro"));
    String price = account.createPrice(PriceSpec.monthly(product, "pro_monthly", 2900));
    String clock = account.createTestClock("renewals", T0);
    String other = account.createTestClock("trials", T0);
    String onClock = account.createCustomer(CustomerSpec.of("a@example.com").onTestClock(clock));
    String onOther = account.createCustomer(CustomerSpec.of("b@example.com").onTestClock(other));
    String customer = account.createCustomer(CustomerSpec.of("c@example.com"));
    plain = account.createSubscription(SubscriptionSpec.forCustomer(customer).price(price).created(T0 - 500));
    early = account.createSubscription(SubscriptionSpec.forCustomer(onClock).price(price).created(T0 - 1_000));
    late = account.createSubscription(SubscriptionSpec.forCustomer(onOther).price(price).created(T0 - 100));
    StripeClients.PacedStripeClient stripe =
        StripeClients.create(new StripeSettings(emulator.baseUrl(), Secret.of(emulator.apiKey()), 200, 0));
    reader = StripeAccountReader.open(stripe.client());
    emulator.resetCounters();
  }

  @AfterEach
  void tearDown() {
    emulator.close();
  }

  @Test
  void aWalkListingTestClocksHandsTheirSubscriptionsFirstAndListsEveryOneOnce() throws Exception {
    List<String> listed = new ArrayList<>();

    new PartitionedLister(reader, 2).listingTestClocks(true)
        .list(page -> page.subscriptions().forEach(s -> listed.add(s.id())));

    assertThat(listed).hasSize(3).containsExactlyInAnyOrder(plain, early, late);
    assertThat(listed.subList(0, 2)).as("before any range's page").containsExactlyInAnyOrder(early, late);
    assertThat(emulator.requestCount(CLOCKS)).isEqualTo(1);
  }

  @Test
  void aResumedWalkListsOnlyTheTestClockSubscriptionsInsideItsSpans() throws Exception {
    List<String> listed = new ArrayList<>();
    PartitionedLister.Span older = new PartitionedLister.Span(T0 - 2_000, T0 - 300);

    new PartitionedLister(reader, 2).listingTestClocks(true).list(List.of(older), () -> false,
        page -> page.subscriptions().forEach(s -> listed.add(s.id())));

    assertThat(listed).containsExactlyInAnyOrder(early, plain);
  }

  @Test
  void aKeyNotAllowedToReadTestClocksListsWhatTheKeyMayRead() throws Exception {
    emulator.knobs().forbid(CLOCKS);
    List<String> listed = new ArrayList<>();

    new PartitionedLister(reader, 2).listingTestClocks(true)
        .list(page -> page.subscriptions().forEach(s -> listed.add(s.id())));

    assertThat(listed).containsExactly(plain);
    assertThat(emulator.requestCount(CLOCKS)).isEqualTo(1);
  }

  @Test
  void withoutTestClocksNothingIsAskedAboutThemAndTheirSubscriptionsStayUnlisted() throws Exception {
    List<String> listed = new ArrayList<>();

    new PartitionedLister(reader, 2).list(page -> page.subscriptions().forEach(s -> listed.add(s.id())));

    assertThat(listed).containsExactly(plain);
    assertThat(emulator.requestCount(CLOCKS)).isZero();
  }
}
