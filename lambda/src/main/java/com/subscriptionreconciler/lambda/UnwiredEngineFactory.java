package com.subscriptionreconciler.lambda;

import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.run.ReconciliationEngine;

/**
 * PLACEHOLDER until the engine (plan/run/stripe/db packages) is integrated: the integration step replaces this
 * class with the factory that builds the Hikari pool, the Stripe client and the engine. It fails loudly rather
 * than pretending to reconcile.
 */
final class UnwiredEngineFactory implements EngineFactory {
  @Override
  public ReconciliationEngine create(ReconcilerConfig config) {
    throw new UnsupportedOperationException("the reconciliation engine is not wired into the Lambda handler yet");
  }
}
