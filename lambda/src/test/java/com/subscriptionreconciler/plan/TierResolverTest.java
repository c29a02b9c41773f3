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
    assertThat(selector.primary(java.util.List.of())).isEmpty();
  }

  @Test
  void productIdsMayBeMappedAfterPriceIdAndLookupKey() {
    TierResolver byProduct = new TierResolver(Map.of("prod_team", "team", "lk_1", "by-lookup-key"));
    assertThat(byProduct.tierOf(item().price("price_x").lookupKey(null).priceTier("meta").build()).orElse(null))
        .as("fixtures' product is prod_1: unmapped, so price metadata").isEqualTo("meta");
    StripeItem ofTeam = new StripeItem("si_1", "price_x", null, "prod_team", "meta", null, 1L, t(1), t(2), t(1));
    assertThat(byProduct.tierOf(ofTeam)).contains("team");
  }

  @Test
  void aPriceOrProductMappedToNullIsNotAPlanWhateverItsMetadataSays() {
    TierResolver marked = new TierResolver(Map.of(), java.util.Set.of("price_seats", "seats_lk", "prod_addon"));
    StripeItem byPrice = item().price("price_seats").productTier("addon").build();
    StripeItem byLookupKey = item().price("price_y").lookupKey("seats_lk").priceTier("addon").build();
    StripeItem byProduct =
        new StripeItem("si_1", "price_z", null, "prod_addon", "addon", "addon", 1L, t(1), t(2), t(1));
    StripeItem plan = item().price("price_pro").productTier("pro").build();

    assertThat(java.util.List.of(byPrice, byLookupKey, byProduct)).allSatisfy(i -> {
      assertThat(marked.isPlan(i)).isFalse();
      assertThat(marked.tierOf(i)).isEmpty();
    });
    assertThat(marked.isPlan(plan)).isTrue();
    assertThat(marked.tierOf(plan)).contains("pro");
  }

  private static Instant t(int month) {
    return Instant.parse(String.format("2026-%02d-01T00:00:00Z", month));
  }
}
