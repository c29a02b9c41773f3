package com.subscriptionreconciler.stripe;

import com.stripe.model.Customer;
import com.stripe.model.Price;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeItem;
import com.subscriptionreconciler.plan.StripeSubscription;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the planner's records are when read through stripe-java's typed models: the reference the production
 * decoder is held to.
 */
final class TypedModelOracle {
  private final Map<String, String> productPlanTiers;

  TypedModelOracle(Map<String, String> productPlanTiers) {
    this.productPlanTiers = productPlanTiers;
  }

  SubscriptionPage page(StripeCollection<Subscription> collection) {
    List<Subscription> data = collection.getData();
    Map<String, StripeCustomer> customers = new LinkedHashMap<>();
    data.forEach(s -> expanded(s, customers));
    return new SubscriptionPage(
        data.stream().map(this::subscription).toList(), List.copyOf(customers.values()),
        Boolean.TRUE.equals(collection.getHasMore()), data.isEmpty() ? null : data.get(data.size() - 1).getId());
  }

  SubscriptionPage one(Subscription s) {
    Map<String, StripeCustomer> customers = new LinkedHashMap<>();
    expanded(s, customers);
    return new SubscriptionPage(List.of(subscription(s)), List.copyOf(customers.values()), false, s.getId());
  }

  private static void expanded(Subscription s, Map<String, StripeCustomer> into) {
    Customer c = s.getCustomerObject();
    if (c != null) {
      into.put(c.getId(), new StripeCustomer(c.getId(), Boolean.TRUE.equals(c.getDeleted())));
    }
  }

  private StripeSubscription subscription(Subscription s) {
    List<StripeItem> items =
        s.getItems() == null || s.getItems().getData() == null
            ? List.of()
            : s.getItems().getData().stream().map(this::item).toList();
    return new StripeSubscription(
        s.getId(), s.getCustomer(), s.getCustomerAccount(), s.getStatus(), instant(s.getCreated()), items,
        Boolean.TRUE.equals(s.getCancelAtPeriodEnd()), instant(s.getCancelAt()), instant(s.getCanceledAt()),
        instant(s.getEndedAt()), instant(s.getTrialStart()), instant(s.getTrialEnd()), s.getMetadata());
  }

  private StripeItem item(SubscriptionItem item) {
    Price price = item.getPrice();
    String productId = price == null ? null : price.getProduct();
    return new StripeItem(
        item.getId(),
        price == null ? null : price.getId(),
        price == null ? null : price.getLookupKey(),
        productId,
        price == null || price.getMetadata() == null ? null : price.getMetadata().get("plan_tier"),
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
