package com.subscriptionreconciler.run;

import com.subscriptionreconciler.config.ReconcilerConfig;

/**
 * Builds the production engine (database pool, Stripe client, reconciler) from resolved configuration; shared by
 * the Lambda handler and the CLI so both run exactly the same wiring.
 */
public final class Engines {
  private Engines() {}

  public static ReconciliationEngine create(ReconcilerConfig config) {
    throw new UnsupportedOperationException("engine wiring lands with the reconciler");
  }
}
