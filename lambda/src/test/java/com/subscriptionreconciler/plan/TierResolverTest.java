package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierResolverTest {
  private final TierResolver tiers = new TierResolver(Map.of("price_1", "by-id", "lk_1", "by-lookup-key"));

  @ParameterizedTest(name = "price={0} lookup_key={1} price meta={2} product meta={3} -> {4}")
  @CsvSource(nullValues = "-", value = {
    // id beats everything
    "price_1, lk_1, by-price-meta, by-product-meta, by-id",
    // then lookup key
    "price_x, lk_1, by-price-meta, by-product-meta, by-lookup-key",
    // then price metadata
    "price_x, lk_x, by-price-meta, by-product-meta, by-price-meta",
    "price_x, -,    by-price-meta, -,               by-price-meta",
    // then product metadata
    "price_x, lk_x, -,             by-product-meta, by-product-meta",
    "price_x, lk_x, '  ',          by-product-meta, by-product-meta",
    // nothing: unknown
    "price_x, lk_x, -,             -,               -",
    "-,       -,    -,             -,               -",
  })
  void precedence(String price, String lookupKey, String priceMeta, String productMeta, String expected) {
    StripeItem i = item().price(price).lookupKey(lookupKey).priceTier(priceMeta).productTier(productMeta).build();
    assertThat(tiers.tierOf(i).orElse(null)).isEqualTo(expected);
  }

  @Test
  void primaryItemIsTheOldestTieredItemElseTheOldestItem() {
    PrimaryItemSelector selector = new PrimaryItemSelector(tiers);
    Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
    Instant t2 = Instant.parse("2026-02-01T00:00:00Z");
    Instant t3 = Instant.parse("2026-03-01T00:00:00Z");
    StripeItem oldAddOn = item().id("si_addon").price("price_addon").created(t1).build();
    StripeItem plan = item().id("si_plan").price("price_1").created(t2).build();
    StripeItem laterTiered = item().id("si_later").price("price_other").priceTier("team").created(t3).build();

    assertThat(selector.primary(java.util.List.of(laterTiered, oldAddOn, plan))).contains(plan);
    assertThat(selector.primary(java.util.List.of(oldAddOn, item().id("si_b").price("p2").created(t3).build())))
        .contains(oldAddOn);
    // same creation time: item id decides, whatever the listing order
    StripeItem a = item().id("si_a").price("price_1").created(t1).build();
    StripeItem b = item().id("si_b").price("price_1").created(t1).build();
    assertThat(selector.primary(java.util.List.of(b, a))).contains(a);
    assertThat(selector.primary(java.util.List.of())).isEmpty();
  }
}
