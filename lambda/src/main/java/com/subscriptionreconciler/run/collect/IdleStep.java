package com.subscriptionreconciler.run.collect;

import com.stripe.exception.StripeException;
import java.sql.SQLException;

/**
 * A step of work for a thread that would otherwise wait on Stripe (reading the next database page, writing the
 * next batch); false once there is none left.
 */
@FunctionalInterface
public interface IdleStep {
  IdleStep NONE = () -> false;

  boolean step() throws SQLException, StripeException;
}
