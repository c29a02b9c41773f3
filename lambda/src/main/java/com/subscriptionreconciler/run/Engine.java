package com.subscriptionreconciler.run;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.Trigger;
/**
 * The one entry point into reconciliation, shared by the Lambda handler, the CLI and {@code demo}.
 *
 * <p>A run that fails as a whole does not throw: it returns a report whose status is {@code failed} (or
 * {@code aborted}/{@code partial}), after the run row is written, so callers can log it, emit metrics and then
 * decide how to fail. Exceptions are reserved for programming and configuration errors.
 */
@FunctionalInterface
public interface Engine {
  RunReport run(RunRequest request);

  /**
   * A run that may stop at {@code deadline} (a Lambda invocation nearing its timeout): a full run then saves its
   * progress (writing nothing else) and reports {@code running}, to be continued by a request with
   * {@code resumeRunId}. An engine without resumable runs ignores the deadline.
   *
   * @throws NotResumableException when {@code request.resumeRunId()} names no run waiting to be resumed
   */
  default RunReport run(RunRequest request, Deadline deadline) {
    return run(request);
  }

  /**
   * Restores the values one earlier run changed (docs/reference.md, How it decides), refusing per row where the
   * row changed since; is itself a run (mode {@code rollback}) with its own report and audit trail. Rows already
   * back to their earlier values need nothing, so rolling a run back twice is a no-op that says so. An unknown run
   * id is a usage error ({@link IllegalArgumentException}).
   */
  default RunReport rollback(String runId, boolean dryRun, Trigger trigger) {
    throw new UnsupportedOperationException("this engine does not support rollback");
  }
}
