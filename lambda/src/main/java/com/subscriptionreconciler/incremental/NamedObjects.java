package com.subscriptionreconciler.incremental;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Accumulates what events name into a {@link ChangedObjects}. Only {@code data.object.id} and, for a
 * subscription, {@code data.object.customer} are read: the rest of the snapshot may be stale.
 */
final class NamedObjects {
  private final Set<String> seenEvents = new HashSet<>();
  private final Set<String> subscriptions = new HashSet<>();
  private final Set<String> customers = new HashSet<>();
  private final Set<String> deletedCustomers = new HashSet<>();
  private long newestCreated = Long.MIN_VALUE;
  private String newestId;

  /** Adds one event; returns false for an event already seen (Stripe lists can repeat across type groups). */
  boolean add(String eventId, String type, long created, JsonNode object) {
    if (!seenEvents.add(eventId)) {
      return false;
    }
    String objectId = string(object, "id");
    if (type.startsWith(EventTypes.SUBSCRIPTION_PREFIX)) {
      addIfPresent(subscriptions, objectId);
      // a customer represented as an Account carries both ids; either lists the same subscriptions
      String customer = customerOf(object);
      addIfPresent(customers, customer != null ? customer : string(object, "customer_account"));
    } else if (EventTypes.CUSTOMER_DELETED.equals(type)) {
      addIfPresent(customers, objectId);
      addIfPresent(deletedCustomers, objectId);
    } else {
      addIfPresent(customers, objectId);
    }
    // Ties in the same second are broken by id only so the result does not depend on which group came first.
    if (created > newestCreated || (created == newestCreated && eventId.compareTo(newestId) > 0)) {
      newestCreated = created;
      newestId = eventId;
    }
    return true;
  }

  ChangedObjects result() {
    if (seenEvents.isEmpty()) {
      return ChangedObjects.NONE;
    }
    return new ChangedObjects(
        subscriptions,
        customers,
        deletedCustomers,
        Instant.ofEpochSecond(newestCreated),
        newestId,
        seenEvents.size());
  }

  /** {@code customer} is an id, or an object when someone expanded it. */
  private static String customerOf(JsonNode subscription) {
    JsonNode customer = subscription.get("customer");
    if (customer != null && customer.isObject()) {
      return string(customer, "id");
    }
    return customer == null || !customer.isTextual() ? null : customer.asText();
  }

  private static String string(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value == null || !value.isTextual() ? null : value.asText();
  }

  private static void addIfPresent(Set<String> set, String id) {
    if (id != null && !id.isBlank()) {
      set.add(id);
    }
  }
}
