package com.subscriptionreconciler.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Final (or current) state of a run, as stored in {@code reconciliation_runs.status} (docs/reference.md, Schema). */
public enum RunStatus {
  RUNNING, SUCCEEDED, PARTIAL, ABORTED, FAILED;

  /** The name in the report's JSON, the {@code status} column and the Step Functions driver's choices. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status with this wire name; empty for one this version does not know (a row written by a newer one). */
  public static Optional<RunStatus> fromWireName(String value) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
  }
}
