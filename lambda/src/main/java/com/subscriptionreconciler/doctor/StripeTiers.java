package com.subscriptionreconciler.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.config.ReconcileRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tiers Stripe's prices resolve to when {@code PLAN_TIER_MAP} does not name them: a price's own metadata
 * {@code plan_tier}, else its product's (the run's rule order; docs/reference.md, How it decides). Read with GETs,
 * a bounded number of pages of 100 prices and products, so doctor stays quick on a large catalogue.
 *
 * @param tiers each tier, with where it came from (e.g. {@code price price_123 metadata})
 * @param outcome how far the read got, said in the tier check's detail
 * @param unread whether nothing could be read ({@code outcome} says why)
 */
record StripeTiers(Map<String, String> tiers, String outcome, boolean unread) {
  static final int MAX_PAGES = 10;

  StripeTiers(Map<String, String> tiers, String outcome) {
    this(tiers, outcome, false);
  }

  static StripeTiers none() {
    return new StripeTiers(Map.of(), "");
  }

  static StripeTiers unreadable(String why) {
    return new StripeTiers(Map.of(), why, true);
  }

  /** " (Stripe: …)" when there is something to say about the read, else "". */
  String describe() {
    return outcome.isEmpty() ? "" : " (Stripe: " + outcome + (unread ? ": only the configured tiers were checked" : "")
        + ")";
  }

  /**
   * The tiers of every account of {@code STRIPE_ACCOUNTS} ({@code byLabel}, in the order doctor checks them), each
   * source prefixed with its account ({@code account eu: price price_123 metadata}); a tier several accounts give
   * names each of them. What could not be read is said per account: the others' tiers are still judged.
   */
  static StripeTiers union(Map<String, StripeTiers> byLabel) {
    Map<String, String> tiers = new LinkedHashMap<>();
    List<String> outcomes = new ArrayList<>();
    byLabel.forEach((label, read) -> {
      read.tiers().forEach((tier, source) -> tiers.merge(tier, "account " + label + ": " + source,
          (first, more) -> first + " and " + more));
      if (!read.outcome().isEmpty()) {
        outcomes.add(label + ": " + read.outcome() + (read.unread() ? ", its prices' tiers were not checked" : ""));
      }
    });
    return new StripeTiers(tiers, String.join("; ", outcomes));
  }

  static StripeTiers read(StripeProbe probe, ReconcileRules rules) throws IOException, InterruptedException {
    Map<String, String> productTiers = new HashMap<>();
    Pages products = pages(probe, "/v1/products", p -> tier(p).ifPresent(t -> productTiers.put(p.path("id").asText(), t)));
    if (products.status != 200) {
      return unreadable("products not readable (HTTP " + products.status + ")");
    }
    Map<String, String> tiers = new LinkedHashMap<>();
    Pages prices = pages(probe, "/v1/prices", price -> {
      String id = price.path("id").asText();
      String lookupKey = price.path("lookup_key").asText("");
      if (rules.planTierMap().containsKey(id) || (!lookupKey.isEmpty() && rules.planTierMap().containsKey(lookupKey))) {
        return; // the map decides this price's tier
      }
      Optional<String> own = tier(price);
      if (own.isPresent()) {
        tiers.putIfAbsent(own.get(), "price " + id + " metadata");
        return;
      }
      String product = price.path("product").isTextual() ? price.path("product").asText()
          : price.path("product").path("id").asText();
      Optional.ofNullable(productTiers.get(product))
          .ifPresent(t -> tiers.putIfAbsent(t, "product " + product + " metadata, price " + id));
    });
    if (prices.status != 200) {
      return unreadable("prices not readable (HTTP " + prices.status + ")");
    }
    String outcome = prices.complete && products.complete ? ""
        : "only the first " + MAX_PAGES * 100 + " prices and products were read";
    return new StripeTiers(tiers, outcome);
  }

  private static Optional<String> tier(JsonNode object) {
    String tier = object.path("metadata").path("plan_tier").asText("");
    return tier.isBlank() ? Optional.empty() : Optional.of(tier);
  }

  private record Pages(int status, boolean complete) {}

  private static Pages pages(StripeProbe probe, String path, java.util.function.Consumer<JsonNode> each)
      throws IOException, InterruptedException {
    String after = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      StripeProbe.Answer answer = probe.get(path + "?limit=100" + (after == null ? "" : "&starting_after=" + after));
      if (answer.status() != 200) {
        return new Pages(answer.status(), false);
      }
      for (JsonNode object : answer.body().path("data")) {
        each.accept(object);
        after = object.path("id").asText();
      }
      if (!answer.body().path("has_more").asBoolean(false) || after == null) {
        return new Pages(200, true);
      }
    }
    return new Pages(200, false);
  }
}
