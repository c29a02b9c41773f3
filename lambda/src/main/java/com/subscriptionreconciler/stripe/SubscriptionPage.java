package com.subscriptionreconciler.stripe;

import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import java.util.List;

/**
 * One answer from Stripe: subscriptions (newest first), the customers they expanded (which is how deleted
 * customers become known), whether more pages follow, and the cursor for the next one.
 */
public record SubscriptionPage(
    List<StripeSubscription> subscriptions, List<StripeCustomer> customers, boolean hasMore, String lastId) {
  public SubscriptionPage {
    subscriptions = List.copyOf(subscriptions);
    customers = List.copyOf(customers);
  }
}
