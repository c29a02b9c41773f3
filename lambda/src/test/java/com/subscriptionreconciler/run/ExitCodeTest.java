package com.subscriptionreconciler.run;

import com.subscriptionreconciler.report.RunReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodeTest {

  static RunReport report(String status, boolean dryRun, long changed, long created, long archived) {
    Instant t = Instant.parse("2026-11-26T03:00:00Z");
    return new RunReport(
        "run_1", "cli", "full", dryRun, status, t, t, 0, 1, 1, changed, created, archived, 0, 0, 0, null, 0,
        null, null, null, null, null, null);
  }

  @ParameterizedTest(name = "{0} dryRun={1} changed={2} created={3} archived={4} -> {5}")
  @CsvSource({
    "succeeded, false, 0, 0, 0, 0",
    "succeeded, false, 5, 1, 1, 0",
    "succeeded, true,  0, 0, 0, 0",
    "succeeded, true,  1, 0, 0, 3",
    "succeeded, true,  0, 1, 0, 3",
    "succeeded, true,  0, 0, 1, 3",
    "partial,   false, 1, 0, 0, 4",
    "partial,   true,  1, 0, 0, 4",
    "aborted,   false, 0, 0, 0, 5",
    "failed,    false, 0, 0, 0, 1",
    "running,   false, 0, 0, 0, 1",
  })
  void mapsEveryOutcomeToSpecExitCodes(
      String status, boolean dryRun, long changed, long created, long archived, int expected) {
    assertThat(ExitCode.of(report(status, dryRun, changed, created, archived)).code()).isEqualTo(expected);
  }
}
