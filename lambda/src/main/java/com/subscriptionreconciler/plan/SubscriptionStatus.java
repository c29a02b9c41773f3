package com.subscriptionreconciler.plan;

import java.util.Optional;

/**
 * Stripe's subscription statuses, in the precedence order (best first) of docs/reference.md, How it decides, for
 * deriving an organization's status. Rows and Stripe objects keep status as text, so a status Stripe adds in the
 * future is still copied verbatim; it just ranks below every known one here.
 */
public enum SubscriptionStatus {
  ACTIVE("active", 0, true),
  TRIALING("trialing", 1, true),
  /**
   * Still entitled: Stripe is retrying the payment (Smart Retries) and the customer normally keeps access while
   * it does.
   */
  PAST_DUE("past_due", 2, true),
  UNPAID("unpaid", 3, false),
  INCOMPLETE("incomplete", 4, false),
  PAUSED("paused", 5, false),
  CANCELED("canceled", 6, false),
  /** Ties with canceled ("canceled/incomplete_expired" rank alike): both are final. */
  INCOMPLETE_EXPIRED("incomplete_expired", 6, false);

  /** Rank of a status this enum does not know: below every known one. */
  public static final int UNKNOWN_RANK = 7;

  private final String wireName;
  private final int rank;
  private final boolean grantsPlanTier;

  SubscriptionStatus(String wireName, int rank, boolean grantsPlanTier) {
    this.wireName = wireName;
    this.rank = rank;
    this.grantsPlanTier = grantsPlanTier;
  }

  public String wireName() {
    return wireName;
  }

  /** Lower is better. */
  public int rank() {
    return rank;
  }

  /**
   * Whether an organization whose best subscription has this status gets that subscription's plan tier. Only
   * active, trialing and past_due do: unpaid (retries exhausted), incomplete (first payment never succeeded),
   * paused (trial ended without a payment method) and the final statuses give DEFAULT_PLAN_TIER, while
   * {@code subscription_status} still tells the application which of them it is.
   */
  public boolean grantsPlanTier() {
    return grantsPlanTier;
  }

  public static Optional<SubscriptionStatus> parse(String wireName) {
    for (SubscriptionStatus s : values()) {
      if (s.wireName.equals(wireName)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public static int rankOf(String wireName) {
    return parse(wireName).map(SubscriptionStatus::rank).orElse(UNKNOWN_RANK);
  }
}
