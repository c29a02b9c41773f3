package com.subscriptionreconciler.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to create a subscription from. Anything left unset is derived coherently by
 * {@link EmulatedAccount#createSubscription}: created = clock now, a period that contains "now"
 * (or ends when the subscription ended), trial dates for {@code trialing}, canceled/ended dates
 * for ended statuses, {@code cancel_at} = period end for cancel-at-period-end.
 */
public final class SubscriptionSpec {

  record Item(String priceId, long quantity) {}

  final String customerId;
  String id;
  final List<Item> items = new ArrayList<>(1);
  SubscriptionStatus status = SubscriptionStatus.ACTIVE;
  Long created;
  Long periodStart;
  Long periodEnd;
  Long trialStart;
  Long trialEnd;
  boolean cancelAtPeriodEnd;
  Long canceledAt;
  Map<String, String> metadata = Map.of();

  private SubscriptionSpec(String customerId) {
    this.customerId = customerId;
  }

  public static SubscriptionSpec forCustomer(String customerId) {
    return new SubscriptionSpec(customerId);
  }

  public SubscriptionSpec id(String value) {
    this.id = value;
    return this;
  }

  /** Adds an item; call more than once for a multi-item subscription. */
  public SubscriptionSpec item(String priceId, long quantity) {
    items.add(new Item(priceId, quantity));
    return this;
  }

  public SubscriptionSpec price(String priceId) {
    return item(priceId, 1);
  }

  public SubscriptionSpec status(SubscriptionStatus value) {
    this.status = value;
    return this;
  }

  public SubscriptionSpec created(long epochSecond) {
    this.created = epochSecond;
    return this;
  }

  public SubscriptionSpec period(long start, long end) {
    this.periodStart = start;
    this.periodEnd = end;
    return this;
  }

  public SubscriptionSpec trial(long start, long end) {
    this.trialStart = start;
    this.trialEnd = end;
    return this;
  }

  public SubscriptionSpec cancelAtPeriodEnd(boolean value) {
    this.cancelAtPeriodEnd = value;
    return this;
  }

  public SubscriptionSpec canceledAt(long epochSecond) {
    this.canceledAt = epochSecond;
    return this;
  }

  public SubscriptionSpec metadata(Map<String, String> value) {
    this.metadata = value;
    return this;
  }
}
