package com.subscriptionreconciler.lambda;

/**
 * Thrown after a run that failed as a whole has been logged and its metrics flushed, so the invocation fails and
 * Lambda's {@code Errors} metric and alarm see it (docs/reference.md, Lambda payloads). The message carries the run
 * id and the report's {@code error}, which the engine guarantees free of secrets; no cause is chained, so nothing
 * else reaches the invocation's error response.
 */
public class ReconciliationFailedException extends RuntimeException {
  public ReconciliationFailedException(String message) {
    super(message);
  }
}
