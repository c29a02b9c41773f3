package com.subscriptionreconciler.plan;

/**
 * Something an operator should look at that did not stop the plan. Warnings are aggregated by
 * ({@code kind}, {@code subject}) when plans merge, so one unknown price on 200,000 subscriptions is one line,
 * not 200,000.
 *
 * @param subject what the warning is about (a price id, a row id, a customer id)
 * @param occurrences how many subscriptions/rows hit it
 * @param example one affected Stripe subscription id or row id, so the operator can look at one
 */
public record PlanWarning(Kind kind, String subject, long occurrences, String example) {

  public enum Kind {
    /** No PLAN_TIER_MAP entry, lookup_key or plan_tier metadata for the price: the row's tier is kept. */
    UNKNOWN_PRICE,
    /** A Stripe subscription without items: price, quantity, period and tier are kept. */
    NO_ITEMS,
    /** A row without stripe_subscription_id for which no unmatched Stripe subscription of its customer is left. */
    UNMATCHED_ROW,
    /** A row's organization is not the organization that owns its Stripe customer; organization_id is not synced. */
    ORGANIZATION_MISMATCH
  }

  PlanWarning merge(PlanWarning other) {
    return new PlanWarning(kind, subject, occurrences + other.occurrences, example);
  }

  /** The line that goes into the report's {@code warnings}. */
  public String message() {
    String times = occurrences == 1 ? "" : " (" + occurrences + " times, e.g. " + example + ")";
    String one = occurrences == 1 ? " (" + example + ")" : "";
    return switch (kind) {
      case UNKNOWN_PRICE -> "unknown price " + subject
          + ": no PLAN_TIER_MAP entry, lookup_key or plan_tier metadata; plan tier left unchanged" + one + times;
      case NO_ITEMS -> "subscription " + subject + " has no items: price, quantity, period and plan tier left unchanged";
      case UNMATCHED_ROW -> "subscription row " + subject
          + " has no stripe_subscription_id and its customer has no unmatched Stripe subscription left; left unchanged"
          + one + times;
      case ORGANIZATION_MISMATCH -> "subscription " + subject
          + " belongs to another organization's Stripe customer than its row's organization; organization_id not changed"
          + one + times;
    };
  }
}
