package com.subscriptionreconciler.lambda;

import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.run.ReconciliationEngine;

/**
 * The seam between the handler and the engine: builds the engine (with its database pool and Stripe client) from
 * the resolved configuration. Called once per execution environment; the engine is reused by warm invocations.
 */
@FunctionalInterface
public interface EngineFactory {
  ReconciliationEngine create(ReconcilerConfig config);
}
