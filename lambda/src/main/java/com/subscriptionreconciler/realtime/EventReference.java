package com.subscriptionreconciler.realtime;

import java.util.List;
import java.util.Objects;

/**
 * What the real-time path keeps of one Stripe event: which event it was and which objects it names. Never the
 * event's snapshot of those objects — the consumer re-reads their current state from Stripe, which is what makes
 * duplicates and out-of-order delivery harmless. This is also the compact queue message the webhook receiver
 * enqueues ({@link QueueMessages}).
 *
 * @param created Unix seconds, as Stripe stamps events
 * @param livemode null when the source did not say (then the event is not checked against the key's mode)
 * @param subscriptionIds the subscriptions it names ({@code sub_…})
 * @param customerIds the customers it names ({@code cus_…})
 * @param account the Stripe Connect account the event happened in ({@code acct_…}: the event's {@code account},
 *     or a thin event's {@code context}); null for the platform's own events
 */
public record EventReference(
    String eventId, String type, long created, Boolean livemode, List<String> subscriptionIds,
    List<String> customerIds, String account) {

  /** A platform event (no connected account). */
  public EventReference(String eventId, String type, long created, Boolean livemode, List<String> subscriptionIds,
      List<String> customerIds) {
    this(eventId, type, created, livemode, subscriptionIds, customerIds, null);
  }

  public EventReference {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    subscriptionIds = List.copyOf(subscriptionIds == null ? List.of() : subscriptionIds);
    customerIds = List.copyOf(customerIds == null ? List.of() : customerIds);
  }

  /** An event that names nothing this product reconciles (an unhandled type): acknowledged and counted. */
  public boolean namesNothing() {
    return subscriptionIds.isEmpty() && customerIds.isEmpty();
  }
}
