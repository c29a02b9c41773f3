package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The primary-item rule (docs/reference.md, The primary item) for a base plan with add-ons. */
class PrimaryItemRuleTest {
  private static final Instant SAME_SECOND = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2026-05-01T10:00:00Z");

  /** The seeded emulator account's catalog: the plans and the "Extra seats" add-on all carry plan_tier metadata. */
  private static StripeItem base() {
    return item().id("si_zzBase").price("price_pro").productTier("pro").quantity(1L).created(SAME_SECOND).build();
  }

  private static StripeItem seats(Instant created) {
    return item().id("si_aaSeats").price("price_seats").productTier("addon").quantity(2L).created(created).build();
  }

  @Test
  void itemsCreatedInTheSameSecondGoByStripesOrderNotByTheirRandomIds() {
    PrimaryItemSelector selector = new PrimaryItemSelector(new TierResolver(Map.of()));

    // a new subscription's items all share its second; Stripe lists them in the order they were given
    assertThat(selector.primary(List.of(base(), seats(SAME_SECOND)))).contains(base());
    assertThat(selector.primary(List.of(seats(SAME_SECOND), base())))
        .as("given first, the add-on would be the oldest").contains(seats(SAME_SECOND));
  }

  @Test
  void anAddOnAddedLaterIsNeverPrimary() {
    PrimaryItemSelector selector = new PrimaryItemSelector(new TierResolver(Map.of()));
    assertThat(selector.primary(List.of(seats(LATER), base()))).contains(base());
  }

  @Test
  void anItemMarkedNotAPlanIsNeverPrimaryEvenWhenOlderOrListedFirst() {
    TierResolver tiers = new TierResolver(Map.of(), Set.of("price_seats"));
    PrimaryItemSelector selector = new PrimaryItemSelector(tiers);
    StripeItem olderSeats = seats(Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(selector.primary(List.of(seats(SAME_SECOND), base()))).contains(base());
    assertThat(selector.primary(List.of(olderSeats, base()))).contains(base());
    // a base plan whose price has no tier still beats the marked add-on
    StripeItem untieredBase = item().id("si_b").price("price_legacy").created(LATER).build();
    assertThat(selector.primary(List.of(olderSeats, untieredBase))).contains(untieredBase);
    // add-ons only: the oldest, so the row still has a price and a period
    assertThat(selector.primary(List.of(seats(LATER), olderSeats))).contains(olderSeats);
  }

  @Test
  void theTargetOfABasePlusAddOnSubscriptionIsTheBasePlansPriceQuantityAndTier() {
    StripeTarget target = new StripeTarget.Factory(new TierResolver(Map.of())).of(
        Fixtures.sub("sub_1").items(base(), seats(SAME_SECOND)).build());

    assertThat(target.values().get(SubscriptionField.STRIPE_PRICE_ID)).isEqualTo("price_pro");
    assertThat(target.values().get(SubscriptionField.PLAN_TIER)).isEqualTo("pro");
    assertThat(target.values().get(SubscriptionField.QUANTITY)).isEqualTo("1");
  }

  @Test
  void aTwelveItemSubscriptionWhoseBasePlanIsTheEleventhItemGetsItsPriceAndTier() {
    List<StripeItem> items = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      items.add(item().id("si_extra" + i).price("price_extra" + i).quantity(3L).created(SAME_SECOND).build());
    }
    items.add(item().id("si_base").price("price_pro").quantity(1L).created(SAME_SECOND).build());
    items.add(item().id("si_more").price("price_extra10").quantity(3L).created(SAME_SECOND).build());
    StripeTarget target = new StripeTarget.Factory(new TierResolver(Map.of("price_pro", "pro"))).of(
        Fixtures.sub("sub_1").items(items.toArray(StripeItem[]::new)).build());

    assertThat(target.values().get(SubscriptionField.STRIPE_PRICE_ID)).isEqualTo("price_pro");
    assertThat(target.values().get(SubscriptionField.PLAN_TIER)).isEqualTo("pro");
    assertThat(target.warning()).isEmpty();
  }
}
