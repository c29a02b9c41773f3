package com.subscriptionreconciler.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Stripe subscription as the planner needs it: plain values, no stripe-java types.
 *
 * @param customerId Stripe's {@code customer} ({@code cus_…}); may be null
 * @param customerAccountId Stripe's {@code customer_account} ({@code acct_…}), set when the account represents
 *     customers as Accounts v2 objects; may be null
 * @param items every item, in Stripe's order (the embedded page, then the rest of the list)
 */
public record StripeSubscription(
    String id,
    String customerId,
    String customerAccountId,
    String status,
    Instant created,
    List<StripeItem> items,
    boolean cancelAtPeriodEnd,
    Instant cancelAt,
    Instant canceledAt,
    Instant endedAt,
    Instant trialStart,
    Instant trialEnd,
    Map<String, String> metadata) {

  public StripeSubscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    items = items == null ? List.of() : List.copyOf(items);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A subscription of a plain customer (no {@code customer_account}). */
  public StripeSubscription(
      String id, String customerId, String status, Instant created, List<StripeItem> items,
      boolean cancelAtPeriodEnd, Instant cancelAt, Instant canceledAt, Instant endedAt, Instant trialStart,
      Instant trialEnd, Map<String, String> metadata) {
    this(id, customerId, null, status, created, items, cancelAtPeriodEnd, cancelAt, canceledAt, endedAt, trialStart,
        trialEnd, metadata);
  }

  /**
   * The ids an organization's {@code stripe_customer_id} may hold for this subscription's customer: {@code
   * customer}, then {@code customer_account} (docs/reference.md, Customer identity).
   */
  public List<String> customerIdentities() {
    List<String> ids = new ArrayList<>(2);
    if (customerId != null) {
      ids.add(customerId);
    }
    if (customerAccountId != null) {
      ids.add(customerAccountId);
    }
    return ids;
  }

  /** Whether {@code id} names this subscription's customer, as a customer or as an Account. */
  public boolean hasCustomerIdentity(String id) {
    return id != null && (id.equals(customerId) || id.equals(customerAccountId));
  }

  /** The same subscription with its complete item list. */
  public StripeSubscription withItems(List<StripeItem> allItems) {
    return new StripeSubscription(id, customerId, customerAccountId, status, created, allItems, cancelAtPeriodEnd,
        cancelAt, canceledAt, endedAt, trialStart, trialEnd, metadata);
  }
}
