package com.subscriptionreconciler.emulator;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The objects of one emulated Stripe account, indexed for retrieve and for lists. */
final class AccountStore {

  final ObjectIndex<Customer> customers = new ObjectIndex<>();
  final ObjectIndex<Product> products = new ObjectIndex<>();
  final ObjectIndex<Price> prices = new ObjectIndex<>();
  final ObjectIndex<Subscription> subscriptions = new ObjectIndex<>();
  final ObjectIndex<Event> events = new ObjectIndex<>();
  final ObjectIndex<TestClock> testClocks = new ObjectIndex<>();
  /** acct_… → the customer it represents (customers represented as Accounts). */
  private final Map<String, String> customerByAccount = new ConcurrentHashMap<>();

  void putCustomer(Customer c) {
    customers.put(c);
    if (c.account() != null) {
      customerByAccount.put(c.account(), c.id());
    }
  }

  /** The customer an Account represents, if any. */
  java.util.Optional<String> customerOfAccount(String accountId) {
    return java.util.Optional.ofNullable(customerByAccount.get(accountId));
  }

  /** The test clock a subscription runs on (its customer's), or null. */
  String testClockOf(Subscription s) {
    return customers.get(s.customerId()).map(Customer::testClock).orElse(null);
  }

  /** The Account a subscription's customer is represented as, or null. */
  String accountOf(Subscription s) {
    return customers.get(s.customerId()).map(Customer::account).orElse(null);
  }

  /**
   * customer id → its subscription ids; makes {@code ?customer=} cheap at any account size. Small
   * immutable lists replaced on write: customers have a handful of subscriptions, and a set per
   * customer would cost ~200 bytes each at a million customers.
   */
  private final Map<String, List<String>> subscriptionsByCustomer = new ConcurrentHashMap<>();

  void putSubscription(Subscription s) {
    subscriptions.put(s);
    subscriptionsByCustomer.compute(s.customerId(), (k, ids) -> {
      if (ids == null) {
        return List.of(s.id());
      }
      if (ids.contains(s.id())) {
        return ids;
      }
      java.util.ArrayList<String> more = new java.util.ArrayList<>(ids);
      more.add(s.id());
      return List.copyOf(more);
    });
  }

  void removeSubscription(String id) {
    subscriptions.remove(id).ifPresent(s -> subscriptionsByCustomer.computeIfPresent(s.customerId(),
        (k, ids) -> {
          List<String> rest = ids.stream().filter(x -> !x.equals(id)).toList();
          return rest.isEmpty() ? null : rest;
        }));
  }

  List<Subscription> subscriptionsOf(String customerId) {
    Collection<String> ids = subscriptionsByCustomer.getOrDefault(customerId, List.of());
    return ids.stream().map(subscriptions::get).flatMap(java.util.Optional::stream).toList();
  }

  boolean idTaken(String id) {
    return customers.contains(id) || products.contains(id) || prices.contains(id)
        || subscriptions.contains(id) || events.contains(id) || testClocks.contains(id)
        || customerByAccount.containsKey(id);
  }

  void clear() {
    customers.clear();
    products.clear();
    prices.clear();
    subscriptions.clear();
    events.clear();
    testClocks.clear();
    customerByAccount.clear();
    subscriptionsByCustomer.clear();
  }
}
