package com.subscriptionreconciler.emulator;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The objects of one emulated Stripe account, indexed for retrieve and for lists. */
final class AccountStore {

  final ObjectIndex<Customer> customers = new ObjectIndex<>();
  final ObjectIndex<Product> products = new ObjectIndex<>();
  final ObjectIndex<Price> prices = new ObjectIndex<>();
  final ObjectIndex<Subscription> subscriptions = new ObjectIndex<>();
  final ObjectIndex<Event> events = new ObjectIndex<>();

  /** customer id → its subscription ids; makes {@code ?customer=} cheap at any account size. */
  private final Map<String, Set<String>> subscriptionsByCustomer = new ConcurrentHashMap<>();

  void putSubscription(Subscription s) {
    subscriptions.put(s);
    subscriptionsByCustomer.computeIfAbsent(s.customerId(), k -> ConcurrentHashMap.newKeySet())
        .add(s.id());
  }

  void removeSubscription(String id) {
    subscriptions.remove(id).ifPresent(s -> {
      Set<String> ids = subscriptionsByCustomer.get(s.customerId());
      if (ids != null) {
        ids.remove(id);
      }
    });
  }

  List<Subscription> subscriptionsOf(String customerId) {
    Collection<String> ids = subscriptionsByCustomer.getOrDefault(customerId, Set.of());
    return ids.stream().map(subscriptions::get).flatMap(java.util.Optional::stream).toList();
  }

  boolean idTaken(String id) {
    return customers.contains(id) || products.contains(id) || prices.contains(id)
        || subscriptions.contains(id) || events.contains(id);
  }

  void clear() {
    customers.clear();
    products.clear();
    prices.clear();
    subscriptions.clear();
    events.clear();
    subscriptionsByCustomer.clear();
  }
}
