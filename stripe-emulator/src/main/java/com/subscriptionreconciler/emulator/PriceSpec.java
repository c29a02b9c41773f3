package com.subscriptionreconciler.emulator;

import java.util.Map;

/**
 * What to create a price from. {@code id} and {@code lookupKey} may be null (a generated id; no
 * lookup key). {@code interval} is {@code month} or {@code year}.
 */
public record PriceSpec(
    String id, String productId, String lookupKey, long unitAmount, String currency,
    String interval, Map<String, String> metadata) {

  public static PriceSpec monthly(String productId, String lookupKey, long unitAmount) {
    return new PriceSpec(null, productId, lookupKey, unitAmount, "usd", "month", Map.of());
  }

  public static PriceSpec yearly(String productId, String lookupKey, long unitAmount) {
    return new PriceSpec(null, productId, lookupKey, unitAmount, "usd", "year", Map.of());
  }

  public PriceSpec withId(String newId) {
    return new PriceSpec(newId, productId, lookupKey, unitAmount, currency, interval, metadata);
  }

  public PriceSpec withMetadata(Map<String, String> newMetadata) {
    return new PriceSpec(id, productId, lookupKey, unitAmount, currency, interval, newMetadata);
  }
}
