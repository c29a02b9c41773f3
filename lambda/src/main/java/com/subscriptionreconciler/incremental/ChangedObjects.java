package com.subscriptionreconciler.incremental;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The objects a batch of events NAMES, never what the events say about them: events arrive out of order and
 * repeat, so their snapshots can be stale. The engine re-reads each named object's current state from Stripe.
 *
 * @param subscriptionIds every subscription named by a {@code customer.subscription.*} event
 * @param customerIds every customer named by any event (the subscription's customer included), deleted ones too
 * @param deletedCustomerIds the customers named by a {@code customer.deleted} event; a subset of {@code
 *     customerIds}. Stripe cannot undelete a customer, so this is final without a retrieve.
 * @param newestEventCreated {@code created} of the newest event read, null when there was none
 * @param newestEventId id of that event, null when there was none
 * @param eventCount events read after removing the checkpoint's own event (duplicates by id counted once)
 */
public record ChangedObjects(
    Set<String> subscriptionIds,
    Set<String> customerIds,
    Set<String> deletedCustomerIds,
    Instant newestEventCreated,
    String newestEventId,
    long eventCount) {

  public static final ChangedObjects NONE = new ChangedObjects(Set.of(), Set.of(), Set.of(), null, null, 0);

  public ChangedObjects {
    subscriptionIds = Set.copyOf(subscriptionIds);
    customerIds = Set.copyOf(customerIds);
    deletedCustomerIds = Set.copyOf(deletedCustomerIds);
    if ((newestEventCreated == null) != (newestEventId == null)) {
      throw new IllegalArgumentException("newest event time and id go together");
    }
  }

  public boolean isEmpty() {
    return eventCount == 0;
  }

  /** The newest event read, as a checkpoint; empty when no event was read. */
  public Optional<Checkpoint> newestEvent() {
    return newestEventCreated == null
        ? Optional.empty()
        : Optional.of(new Checkpoint(newestEventCreated, newestEventId));
  }
}
