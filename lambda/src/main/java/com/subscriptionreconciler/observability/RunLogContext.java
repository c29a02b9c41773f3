package com.subscriptionreconciler.observability;

import org.slf4j.MDC;

/**
 * Puts {@code runId} on every log line (docs/reference.md, Logs, metrics and alarms) through the MDC, which
 * Powertools' JSON layout writes as a top-level field. Whoever allocates the run id binds it; the binding is removed
 * on close so a warm invocation never inherits the previous run's id.
 */
public final class RunLogContext implements AutoCloseable {
  public static final String RUN_ID = "runId";

  private RunLogContext() {}

  public static RunLogContext bind(String runId) {
    if (runId != null) {
      MDC.put(RUN_ID, runId);
    }
    return new RunLogContext();
  }

  @Override
  public void close() {
    MDC.remove(RUN_ID);
  }
}
