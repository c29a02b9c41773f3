package com.subscriptionreconciler.emulator;

/**
 * One subscription item. Since API version 2025-03-31 the billing period lives here, not on the
 * subscription, so every item carries its own period.
 */
public record SubscriptionItem(
    String id,
    String priceId,
    long quantity,
    long created,
    long currentPeriodStart,
    long currentPeriodEnd) {

  SubscriptionItem withPrice(String newPriceId) {
    return new SubscriptionItem(id, newPriceId, quantity, created, currentPeriodStart, currentPeriodEnd);
  }

  SubscriptionItem withQuantity(long newQuantity) {
    return new SubscriptionItem(id, priceId, newQuantity, created, currentPeriodStart, currentPeriodEnd);
  }
}
