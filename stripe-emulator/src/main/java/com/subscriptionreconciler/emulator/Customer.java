package com.subscriptionreconciler.emulator;

import java.util.Map;

/**
 * A customer. A deleted customer keeps its record (so retrieve can answer the {@code deleted:true}
 * stub Stripe answers) but leaves the list index.
 */
public record Customer(
    String id, String email, String name, long created, boolean deleted, Map<String, String> metadata)
    implements Stored {

  Customer asDeleted() {
    return new Customer(id, email, name, created, true, metadata);
  }

  Customer withMetadata(Map<String, String> newMetadata) {
    return new Customer(id, email, name, created, deleted, newMetadata);
  }
}
