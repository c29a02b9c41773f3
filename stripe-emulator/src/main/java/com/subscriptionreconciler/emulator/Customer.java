package com.subscriptionreconciler.emulator;

import java.util.Map;

/**
 * A customer. A deleted customer keeps its record (so retrieve can answer the {@code deleted:true}
 * stub Stripe answers) but leaves the list index.
 *
 * @param account the {@code acct_…} id when the customer is represented as an Account (Accounts v2
 *     with the customer configuration): its subscriptions then carry {@code customer_account} beside
 *     {@code customer}, as Stripe returns both; null for a plain customer
 * @param testClock the test clock the customer (and so its subscriptions) is attached to, or null
 */
public record Customer(
    String id, String email, String name, long created, boolean deleted, Map<String, String> metadata,
    String account, String testClock)
    implements Stored {

  Customer asDeleted() {
    return new Customer(id, email, name, created, true, metadata, account, testClock);
  }

  Customer withMetadata(Map<String, String> newMetadata) {
    return new Customer(id, email, name, created, deleted, newMetadata, account, testClock);
  }
}
