package com.subscriptionreconciler.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What kind of run a report is about: the run report's and the run row's {@code mode}. A run is {@code full} or
 * {@code incremental} (a targeted run reports {@code full}); {@code rollback} is the mode of a rollback's report and
 * can never be asked for as a run's mode ({@link #parse} refuses it).
 */
public enum Mode {
  FULL, INCREMENTAL, ROLLBACK;

  /** The modes a run can be asked for, in the order the usage message names them. */
  private static final List<Mode> REQUESTABLE = List.of(FULL, INCREMENTAL);

  /** The name in the report's JSON, the text rendering and the {@code mode} column. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a requested mode, {@code full} or {@code incremental}; anything else is a usage error naming them. */
  public static Mode parse(String value) {
    return fromWireName(value).filter(REQUESTABLE::contains).orElseThrow(
        () -> new IllegalArgumentException("unknown mode '" + value + "' (expected full or incremental)"));
  }

  /** The mode with this wire name; empty for one this version does not know (a row written by a newer one). */
  public static Optional<Mode> fromWireName(String value) {
    return Arrays.stream(values()).filter(m -> m.wireName().equals(value)).findFirst();
  }
}
