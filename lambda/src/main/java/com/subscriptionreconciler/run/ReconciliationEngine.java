package com.subscriptionreconciler.run;

/**
 * The one entry point into reconciliation, shared by the Lambda handler, the CLI and {@code demo}.
 *
 * <p>A run that fails as a whole does not throw: it returns a report whose status is {@code failed} (or
 * {@code aborted}/{@code partial}), after the run row is written, so callers can log it, emit metrics and then
 * decide how to fail. Exceptions are reserved for programming and configuration errors.
 */
@FunctionalInterface
public interface ReconciliationEngine {
  RunReport run(RunRequest request);
}
