package com.subscriptionreconciler.report;

import java.util.Locale;

/** Final (or current) state of a run, as stored in {@code reconciliation_runs.status} (docs/reference.md, Schema). */
public enum RunStatus {
  RUNNING, SUCCEEDED, PARTIAL, ABORTED, FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
