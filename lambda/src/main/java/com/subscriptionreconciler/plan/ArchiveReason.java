package com.subscriptionreconciler.plan;

/** Why a row was archived; {@link #wireName()} is stored in {@code subscriptions.archive_reason}. */
public enum ArchiveReason {
  /** Stripe answered {@code resource_missing} to a retrieve of the row's subscription. */
  STRIPE_SUBSCRIPTION_MISSING("stripe_subscription_missing"),
  /** The row's Stripe customer is deleted (Stripe cancels every subscription of a deleted customer). */
  STRIPE_CUSTOMER_DELETED("stripe_customer_deleted"),
  /** A rollback undid the run that inserted the row; rows are never deleted, so it is archived instead. */
  ROLLED_BACK("rolled_back");

  private final String wireName;

  ArchiveReason(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
