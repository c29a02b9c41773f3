package com.subscriptionreconciler.stripe;

import com.stripe.model.Customer;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeItem;
import com.subscriptionreconciler.plan.StripeSubscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates stripe-java's models into the planner's plain records, so nothing past this adapter knows
 * stripe-java exists. Pure: no requests; product tiers come from a catalog read once per run.
 */
final class SubscriptionMapper {
  static final String PLAN_TIER_METADATA_KEY = "plan_tier";

  private final Map<String, String> productPlanTiers;

  /** @param productPlanTiers product id → its {@code plan_tier} metadata, for products that have one */
  SubscriptionMapper(Map<String, String> productPlanTiers) {
    this.productPlanTiers = Map.copyOf(productPlanTiers);
  }

  StripeSubscription toSubscription(Subscription s) {
    List<StripeItem> items =
        s.getItems() == null || s.getItems().getData() == null
            ? List.of()
            : s.getItems().getData().stream().map(this::toItem).toList();
    return new StripeSubscription(
        s.getId(),
        s.getCustomer(),
        s.getStatus(),
        instant(s.getCreated()),
        items,
        Boolean.TRUE.equals(s.getCancelAtPeriodEnd()),
        instant(s.getCancelAt()),
        instant(s.getCanceledAt()),
        instant(s.getEndedAt()),
        instant(s.getTrialStart()),
        instant(s.getTrialEnd()),
        s.getMetadata());
  }

  /** The subscription's customer as far as an expanded {@code customer} tells; empty when not expanded. */
  static Optional<StripeCustomer> expandedCustomer(Subscription s) {
    Customer c = s.getCustomerObject();
    return c == null ? Optional.empty() : Optional.of(toCustomer(c));
  }

  static StripeCustomer toCustomer(Customer c) {
    return new StripeCustomer(c.getId(), Boolean.TRUE.equals(c.getDeleted()));
  }

  private StripeItem toItem(SubscriptionItem item) {
    Price price = item.getPrice();
    String productId = price == null ? null : price.getProduct();
    return new StripeItem(
        item.getId(),
        price == null ? null : price.getId(),
        price == null ? null : price.getLookupKey(),
        productId,
        price == null || price.getMetadata() == null ? null : price.getMetadata().get(PLAN_TIER_METADATA_KEY),
        productId == null ? null : productPlanTiers.get(productId),
        item.getQuantity(),
        instant(item.getCurrentPeriodStart()),
        instant(item.getCurrentPeriodEnd()),
        instant(item.getCreated()));
  }

  private static Instant instant(Long epochSeconds) {
    return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
  }
}
