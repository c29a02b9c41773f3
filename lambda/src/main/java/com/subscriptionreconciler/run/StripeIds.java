package com.subscriptionreconciler.run;

import java.util.regex.Pattern;

/**
 * The shape of the Stripe ids a run can be targeted at, one rule for the Lambda payload, the CLI and the real-time
 * queue: a prefix, an underscore and 1 to {@value #MAX_BODY_LENGTH} letters or digits — the shape Stripe gives its
 * ids (they are a few dozen characters; Stripe documents 255 as the most an id can take). A customer may be a
 * {@code cus_…} customer or an {@code acct_…} Account acting as one (a subscription's {@code customer_account}).
 * Anything else is a usage error rather than a targeted run that silently matches nothing.
 */
public final class StripeIds {
  /** The most ids one targeted run may name, in all: beyond this a full run is cheaper and the payload huge. */
  public static final int MAX_TARGETED_IDS = 1_000;
  private static final int MAX_BODY_LENGTH = 250;
  /** What a valid subscription id looks like, for messages. */
  public static final String SUBSCRIPTION_SHAPE = "sub_ followed by letters and digits";
  /** What a valid customer id looks like, for messages. */
  public static final String CUSTOMER_SHAPE = "cus_ or acct_ followed by letters and digits";

  private static final Pattern SUBSCRIPTION = Pattern.compile("sub_[A-Za-z0-9]{1," + MAX_BODY_LENGTH + "}");
  private static final Pattern CUSTOMER = Pattern.compile("(cus|acct)_[A-Za-z0-9]{1," + MAX_BODY_LENGTH + "}");

  private StripeIds() {}

  public static boolean isSubscription(String id) {
    return id != null && SUBSCRIPTION.matcher(id).matches();
  }

  /** A {@code cus_…} customer or an {@code acct_…} Account acting as the customer. */
  public static boolean isCustomer(String id) {
    return id != null && CUSTOMER.matcher(id).matches();
  }
}
