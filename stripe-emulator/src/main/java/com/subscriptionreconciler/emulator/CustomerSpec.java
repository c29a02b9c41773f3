package com.subscriptionreconciler.emulator;

import java.util.Map;

/**
 * What to create a customer from; null {@code id}/{@code created} mean generated id / clock now.
 *
 * @param representedAsAccount whether the customer is represented as an Account ({@code acct_…}): opt-in, as
 *     in Stripe, where an account chooses to represent customers with Accounts v2
 * @param accountId the Account's id, or null for a generated one
 * @param testClock the test clock to attach the customer to, or null
 */
public record CustomerSpec(
    String id, String email, String name, Long created, Map<String, String> metadata, boolean representedAsAccount,
    String accountId, String testClock) {

  public static CustomerSpec of(String email) {
    return new CustomerSpec(null, email, null, null, Map.of(), false, null, null);
  }

  public CustomerSpec withId(String newId) {
    return new CustomerSpec(newId, email, name, created, metadata, representedAsAccount, accountId, testClock);
  }

  public CustomerSpec withName(String newName) {
    return new CustomerSpec(id, email, newName, created, metadata, representedAsAccount, accountId, testClock);
  }

  public CustomerSpec withCreated(long newCreated) {
    return new CustomerSpec(id, email, name, newCreated, metadata, representedAsAccount, accountId, testClock);
  }

  public CustomerSpec withMetadata(Map<String, String> newMetadata) {
    return new CustomerSpec(id, email, name, created, newMetadata, representedAsAccount, accountId, testClock);
  }

  /** Represented as an Account with a generated {@code acct_…} id. */
  public CustomerSpec asAccount() {
    return new CustomerSpec(id, email, name, created, metadata, true, accountId, testClock);
  }

  /** Represented as the Account {@code acct_…}. */
  public CustomerSpec asAccount(String newAccountId) {
    return new CustomerSpec(id, email, name, created, metadata, true, newAccountId, testClock);
  }

  /** Attached to a test clock ({@link EmulatedAccount#createTestClock}). */
  public CustomerSpec onTestClock(String clockId) {
    return new CustomerSpec(id, email, name, created, metadata, representedAsAccount, accountId, clockId);
  }
}
