package com.subscriptionreconciler.run.lifecycle;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Run ids that sort by start time and are unique across Lambda containers: {@code r-20261126T030000Z-3fa85c}. */
public final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public RunIds(Clock clock) {
    this.clock = clock;
  }

  public String next() {
    byte[] suffix = new byte[3];
    random.nextBytes(suffix);
    return "r-" + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
  }
}
