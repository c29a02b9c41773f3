package com.subscriptionreconciler.run.collect;

import com.stripe.exception.StripeException;
import java.sql.SQLException;

/**
 * The collect stage of one mode (full, targeted, incremental): reads Stripe and the database through {@code scan}
 * (the adapters, the planner, and where the plan goes) into one {@link Collected} value. What else a mode needs it
 * is given when it is made.
 */
@FunctionalInterface
public interface CollectJob {
  Collected collect(ScanContext scan) throws SQLException, StripeException, InterruptedException;
}
