package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.Fixtures.RULES;
import static com.subscriptionreconciler.plan.Fixtures.item;
import static com.subscriptionreconciler.plan.Fixtures.sub;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What Stripe cannot tell us is named as kept, with the warning that says why. */
class StripeTargetTest {
  private final StripeTarget.Factory targets = new StripeTarget.Factory(new TierResolver(RULES.planTierMap()));

  @Test
  void aKnownPriceKeepsNothing() {
    StripeTarget t = targets.of(sub("sub_1").build());

    assertThat(t.keep()).isEmpty();
    assertThat(t.warning()).isEmpty();
    assertThat(t.values()).containsEntry(SubscriptionField.PLAN_TIER, "pro");
  }

  @Test
  void anUnknownPriceKeepsTheTier() {
    StripeTarget t = targets.of(sub("sub_1").items(item().price("price_mystery").build()).build());

    assertThat(t.keep()).containsExactly(SubscriptionField.PLAN_TIER);
    assertThat(t.values()).doesNotContainKey(SubscriptionField.PLAN_TIER)
        .containsEntry(SubscriptionField.STRIPE_PRICE_ID, "price_mystery");
  }

  @Test
  void noItemsKeepsPriceQuantityPeriodAndTier() {
    StripeTarget t = targets.of(sub("sub_1").items().build());

    assertThat(t.keep()).isEqualTo(Set.of(SubscriptionField.STRIPE_PRICE_ID, SubscriptionField.PLAN_TIER,
        SubscriptionField.QUANTITY, SubscriptionField.CURRENT_PERIOD_START, SubscriptionField.CURRENT_PERIOD_END));
    assertThat(t.warning()).contains(new PlanWarning(PlanWarning.Kind.NO_ITEMS, "sub_1", 1, "sub_1"));
  }
}
