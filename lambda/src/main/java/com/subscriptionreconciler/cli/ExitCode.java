package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;

/**
 * The CLI's exit codes (docs/reference.md, Exit codes), as a run report maps to them. Runbooks and CI jobs branch on
 * these numbers, so they are fixed here, once, and {@link #of} is the one place a run's outcome becomes one: every
 * command, {@code demo} included, maps its reports through it.
 */
public enum ExitCode {
  /** Ran, and the data now matches Stripe (or a dry run found no drift). */
  IN_SYNC(0),
  /** The run failed as a whole. */
  FAILED(1),
  /** Usage or configuration error, or an unknown run id. */
  USAGE(2),
  /** A dry run found drift. A rollback's dry run is not drift: it reports what it would restore and exits 0. */
  DRIFT_FOUND(3),
  /** The run finished with per-item errors. */
  PARTIAL(4),
  /** Aborted by a safety guard (including another run holding the lock); nothing applied. */
  ABORTED(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Maps a finished run's report to its exit code. */
  public static ExitCode of(RunReport report) {
    return switch (RunStatus.parse(report.status())) {
      case FAILED, RUNNING -> FAILED;
      case ABORTED -> ABORTED;
      case PARTIAL -> PARTIAL;
      case SUCCEEDED -> report.dryRun() && !isRollback(report) && hasDrift(report) ? DRIFT_FOUND : IN_SYNC;
    };
  }

  /** What a rollback would restore is its plan, not a difference from Stripe. */
  private static boolean isRollback(RunReport report) {
    return RunReport.ROLLBACK_MODE.equals(report.mode());
  }

  private static boolean hasDrift(RunReport report) {
    return report.driftDetected() > 0;
  }
}
