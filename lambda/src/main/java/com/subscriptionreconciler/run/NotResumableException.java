package com.subscriptionreconciler.run;

/**
 * A {@code resumeRunId} that names no paused run: unknown, already finished, never paused, or paused too long
 * ago. A usage error (nothing was run or changed), with a message that says which and what to do instead.
 */
public final class NotResumableException extends IllegalArgumentException {
  public NotResumableException(String message) {
    super(message);
  }
}
