package com.subscriptionreconciler.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.param.SubscriptionListParams;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bulk generator: realistic, deterministic, listable, and describable for a database seed. */
class SeedingTest {

  private static final long AS_OF = 1_780_000_000L;

  @Test
  void tenThousandSubscriptionAccountSeedsAndIsListable() throws Exception {
    try (StripeEmulator emulator = StripeEmulator.start(EmulatorOptions.defaults().withClockStart(AS_OF))) {
      AccountGenerator.Summary summary = AccountGenerator.generate(emulator.account(), 10_000, 1);
      assertThat(summary.subscriptions()).isEqualTo(10_000);
      assertThat(emulator.account().subscriptionCount()).isEqualTo(10_000);
      assertThat(summary.customers()).isBetween(8_000, 9_500);

      StripeCollection<Subscription> page = Clients.client(emulator).v1().subscriptions().list(
          SubscriptionListParams.builder().setStatus(SubscriptionListParams.Status.ALL).setLimit(100L).build());
      assertThat(page.getData()).hasSize(100);
      assertThat(page.getHasMore()).isTrue();

      List<SeededSubscription> rows = AccountGenerator.describe(emulator.account()).toList();
      assertThat(rows).hasSize(10_000);
      assertThat(rows.stream().map(SeededSubscription::status).collect(Collectors.toSet()))
          .isEqualTo(EnumSet.allOf(SubscriptionStatus.class));
      assertThat(rows).anyMatch(SeededSubscription::cancelAtPeriodEnd);
      assertThat(rows).anyMatch(r -> r.itemCount() > 1);
      assertThat(rows).anyMatch(r -> r.planTier() == null);
      assertThat(rows).anyMatch(r -> r.lookupKey() == null && "enterprise".equals(r.planTier()));
      assertThat(rows.stream().collect(Collectors.groupingBy(SeededSubscription::customerId, Collectors.counting())))
          .containsValue(2L);
      assertThat(rows).allMatch(r -> r.currentPeriodStart() < r.currentPeriodEnd());
      assertThat(rows).filteredOn(r -> r.status() == SubscriptionStatus.ACTIVE)
          .allMatch(r -> r.currentPeriodStart() <= AS_OF && AS_OF < r.currentPeriodEnd());
      assertThat(rows).filteredOn(r -> r.status() == SubscriptionStatus.TRIALING)
          .allMatch(r -> r.trialEnd() != null && r.trialEnd() > AS_OF);
      assertThat(rows).filteredOn(r -> r.status() == SubscriptionStatus.CANCELED)
          .allMatch(r -> r.canceledAt() != null && r.endedAt() != null);
      assertThat(rows).allMatch(r -> r.customerMetadata().containsKey("organization_id"));
      assertThat(emulator.account().events()).isEmpty();
    }
  }

  @Test
  void sameSeedsGiveTheSameAccount() {
    assertThat(generate(5)).isEqualTo(generate(5)).isNotEqualTo(generate(6));
  }

  private static Set<SeededSubscription> generate(long seed) {
    try (StripeEmulator emulator = StripeEmulator.start(
        EmulatorOptions.defaults().withSeed(seed).withClockStart(AS_OF))) {
      AccountGenerator.generate(emulator.account(), 200, seed);
      return AccountGenerator.describe(emulator.account()).collect(Collectors.toSet());
    }
  }
}
