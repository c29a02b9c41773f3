package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.Price;
import com.subscriptionreconciler.emulator.Subscription;
import com.subscriptionreconciler.emulator.SubscriptionItem;
import com.subscriptionreconciler.plan.StripeItem;
import com.subscriptionreconciler.plan.StripeSubscription;
import java.time.Instant;
import java.util.Optional;

/**
 * The emulator's objects as the planner's records, read in-process: what {@code stripe.SubscriptionDecoder}
 * produces from the same objects over HTTP (price {@code lookup_key} and {@code plan_tier} metadata, the
 * product's {@code plan_tier}, periods per item). Keeping the two equivalent is what lets the mirror and the
 * drift manifest speak for what the engine will see.
 */
public final class EmulatedStripeView {
  static final String PLAN_TIER = "plan_tier";

  private final EmulatedAccount account;

  public EmulatedStripeView(EmulatedAccount account) {
    this.account = account;
  }

  public StripeSubscription subscription(Subscription s) {
    return new StripeSubscription(
        s.id(),
        s.customerId(),
        s.status().wire(),
        Instant.ofEpochSecond(s.created()),
        s.items().stream().map(this::item).toList(),
        s.cancelAtPeriodEnd(),
        instant(s.cancelAt()),
        instant(s.canceledAt()),
        instant(s.endedAt()),
        instant(s.trialStart()),
        instant(s.trialEnd()),
        s.metadata());
  }

  /** The subscription as Stripe answers it now; empty when it is gone (resource_missing). */
  public Optional<StripeSubscription> subscription(String id) {
    return account.findSubscription(id).map(this::subscription);
  }

  /** Whether Stripe would answer the customer with its {@code deleted:true} tombstone. */
  public boolean customerDeleted(String customerId) {
    return account.findCustomer(customerId).map(c -> c.deleted()).orElse(false);
  }

  /**
   * A price as an item of quantity 1 with no period: enough to ask {@code TierResolver} for the price's tier
   * before moving a subscription to it.
   */
  public StripeItem priceAsItem(String priceId) {
    return item(new SubscriptionItem(null, priceId, 1, 0, 0, 0));
  }

  private StripeItem item(SubscriptionItem item) {
    Optional<Price> price = account.findPrice(item.priceId());
    String productId = price.map(Price::productId).orElse(null);
    String productTier = productId == null
        ? null
        : account.findProduct(productId).map(p -> p.metadata().get(PLAN_TIER)).orElse(null);
    return new StripeItem(
        item.id(),
        item.priceId(),
        price.map(Price::lookupKey).orElse(null),
        productId,
        price.map(p -> p.metadata().get(PLAN_TIER)).orElse(null),
        productTier,
        item.quantity(),
        Instant.ofEpochSecond(item.currentPeriodStart()),
        Instant.ofEpochSecond(item.currentPeriodEnd()),
        Instant.ofEpochSecond(item.created()));
  }

  private static Instant instant(Long epochSecond) {
    return epochSecond == null ? null : Instant.ofEpochSecond(epochSecond);
  }
}
