package com.subscriptionreconciler.emulator;

/**
 * An event. {@code objectJson} is the snapshot of {@code data.object} taken when the event happened
 * (later changes must not leak into old events, as in Stripe); {@code previousAttributesJson} is
 * null for non-update events.
 */
public record Event(
    String id,
    String type,
    long created,
    String objectJson,
    String previousAttributesJson,
    int pendingWebhooks)
    implements Stored {

  Event withPendingWebhooks(int pending) {
    return new Event(id, type, created, objectJson, previousAttributesJson, pending);
  }
}
