package com.subscriptionreconciler.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Who asked for a run: the run report's and the run row's {@code trigger} (docs/reference.md, The run report).
 * {@code EVENT}: a batch from the real-time path's queue (see docs/reference.md, The real-time path); such a run is
 * targeted at the objects the events name and runs beside a full run.
 */
public enum Trigger {
  SCHEDULE, MANUAL, CLI, EVENT;

  /** The name in the report's JSON, the text rendering and the {@code trigger} column. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The trigger with this wire name; empty for one this version does not know (a row written by a newer one). */
  public static Optional<Trigger> fromWireName(String value) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst();
  }
}
