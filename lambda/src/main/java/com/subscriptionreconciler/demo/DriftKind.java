package com.subscriptionreconciler.demo;

/**
 * Every way the billing copy drifts from Stripe that the engine must catch, where the drift is made (a missed or
 * wrong webhook leaves the database behind; a Dashboard edit moves Stripe ahead), and what a full run should do.
 */
public enum DriftKind {
  SUBSCRIPTION_CANCELED_IN_STRIPE(Side.STRIPE, Expectation.UPDATE_SUBSCRIPTION,
      "canceled in the Dashboard; customer.subscription.deleted never reached the app, the row still says %s"),
  STATUS_STALE_IN_DATABASE(Side.DATABASE, Expectation.UPDATE_SUBSCRIPTION,
      "an out-of-order webhook set the row to %s"),
  PRICE_CHANGED_IN_STRIPE(Side.STRIPE, Expectation.UPDATE_SUBSCRIPTION,
      "plan changed in the Dashboard to %s; the row keeps the old price and tier"),
  TIER_EDITED_IN_DATABASE(Side.DATABASE, Expectation.UPDATE_SUBSCRIPTION,
      "plan_tier hand-edited to %s by support"),
  QUANTITY_CHANGED_IN_STRIPE(Side.STRIPE, Expectation.UPDATE_SUBSCRIPTION,
      "seat count changed in Stripe to %s"),
  PERIOD_STALE_IN_DATABASE(Side.DATABASE, Expectation.UPDATE_SUBSCRIPTION,
      "renewal webhook missed: the row still shows the previous period, ending %s"),
  CANCEL_AT_PERIOD_END_IN_STRIPE(Side.STRIPE, Expectation.UPDATE_SUBSCRIPTION,
      "cancellation scheduled in the customer portal (cancel_at %s)"),
  METADATA_EDITED_IN_STRIPE(Side.STRIPE, Expectation.UPDATE_SUBSCRIPTION,
      "metadata edited in the Dashboard: %s"),
  ROW_MISSING_IN_DATABASE(Side.DATABASE, Expectation.INSERT_SUBSCRIPTION,
      "customer.subscription.created never arrived: no row (%s)"),
  UNLINKED_CUSTOMER(Side.STRIPE, Expectation.REPORT_UNLINKED,
      "customer %s created by sales in the Dashboard, with a subscription but no organization"),
  ORPHAN_ROW(Side.STRIPE, Expectation.ARCHIVE_SUBSCRIPTION,
      "subscription gone from Stripe (retrieve answers resource_missing); the row says %s"),
  ROW_WITHOUT_SUBSCRIPTION_ID(Side.DATABASE, Expectation.UPDATE_SUBSCRIPTION,
      "row written at checkout before the subscription id was known (organization's customer %s)"),
  CUSTOMER_DELETED_IN_STRIPE(Side.STRIPE, Expectation.ARCHIVE_SUBSCRIPTION,
      "customer deleted in the Dashboard (Stripe canceled its %s subscription)"),
  ORGANIZATION_STALE_IN_DATABASE(Side.DATABASE, Expectation.UPDATE_ORGANIZATION,
      "organization columns stale (%s) while its subscription is live");

  /** Where the drift is made. */
  public enum Side {
    /** The database was written wrongly or not at all (missed, duplicate or out-of-order webhooks). */
    DATABASE,
    /** Stripe changed without the database hearing of it (Dashboard, portal, support edits). */
    STRIPE
  }

  /** What a full reconciliation run should do about it. */
  public enum Expectation {
    UPDATE_SUBSCRIPTION,
    INSERT_SUBSCRIPTION,
    ARCHIVE_SUBSCRIPTION,
    REPORT_UNLINKED,
    UPDATE_ORGANIZATION
  }

  private final Side side;
  private final Expectation expectation;
  private final String detailFormat;

  DriftKind(Side side, Expectation expectation, String detailFormat) {
    this.side = side;
    this.expectation = expectation;
    this.detailFormat = detailFormat;
  }

  public Side side() {
    return side;
  }

  public Expectation expectation() {
    return expectation;
  }

  String detail(Object value) {
    return String.format(java.util.Locale.ROOT, detailFormat, value);
  }
}
