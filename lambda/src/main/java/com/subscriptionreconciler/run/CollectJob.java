package com.subscriptionreconciler.run;

import com.stripe.exception.StripeException;
import java.sql.SQLException;
/** The collect phase of one mode (full, targeted, incremental): reads Stripe and the database into a plan. */
@FunctionalInterface
interface CollectJob {
  Collected collect(RunParts parts) throws SQLException, StripeException, InterruptedException;
}
