package com.subscriptionreconciler.incremental;

import java.util.ArrayList;
import java.util.List;

/**
 * The event types incremental mode reads, spelled out because {@code types[]} takes exact names only (the
 * {@code *} wildcard works for the single {@code type} parameter, which would cost one listing per family).
 *
 * <p>{@code trial_will_end} changes nothing by itself but is kept: naming a subscription costs one retrieve and
 * a missed change costs a week of drift. {@code pending_update_*} are how a payment-gated plan change lands.
 */
public final class EventTypes {

  /** Stripe's limit on {@code types[]} per request. */
  public static final int MAX_TYPES_PER_REQUEST = 20;

  public static final String SUBSCRIPTION_PREFIX = "customer.subscription.";
  public static final String CUSTOMER_CREATED = "customer.created";
  public static final String CUSTOMER_UPDATED = "customer.updated";
  public static final String CUSTOMER_DELETED = "customer.deleted";

  public static final List<String> SUBSCRIPTION_TYPES =
      List.of(
          "customer.subscription.created",
          "customer.subscription.updated",
          "customer.subscription.deleted",
          "customer.subscription.paused",
          "customer.subscription.resumed",
          "customer.subscription.trial_will_end",
          "customer.subscription.pending_update_applied",
          "customer.subscription.pending_update_expired");

  public static final List<String> CUSTOMER_TYPES = List.of(CUSTOMER_CREATED, CUSTOMER_UPDATED, CUSTOMER_DELETED);

  /** Every type incremental mode reads. */
  public static final List<String> RELEVANT = concat(SUBSCRIPTION_TYPES, CUSTOMER_TYPES);

  private EventTypes() {}

  /** {@code types} in request-sized groups of at most {@value #MAX_TYPES_PER_REQUEST}, order kept. */
  public static List<List<String>> groups(List<String> types, int maxPerGroup) {
    if (maxPerGroup < 1) {
      throw new IllegalArgumentException("maxPerGroup must be >= 1");
    }
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < types.size(); i += maxPerGroup) {
      out.add(List.copyOf(types.subList(i, Math.min(types.size(), i + maxPerGroup))));
    }
    return List.copyOf(out);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
