package com.subscriptionreconciler.app;

import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.run.Engine;

/**
 * Builds the engine (with its database pool and Stripe client) from resolved configuration: the seam the Lambda
 * handler and the CLI share, so tests can stand in for the engine while configuration, secrets and output stay
 * the production code paths. The Lambda calls it once per execution environment and reuses the engine; the CLI
 * once per command.
 */
@FunctionalInterface
public interface Wiring {
  Engine create(ReconcilerConfig config);
}
