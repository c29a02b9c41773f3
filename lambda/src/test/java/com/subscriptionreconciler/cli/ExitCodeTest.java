package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.report.RunReport;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodeTest {

  static RunReport report(String status, boolean dryRun, long changed, long created, long archived) {
    return report("full", status, dryRun, changed, created, archived);
  }

  static RunReport report(String mode, String status, boolean dryRun, long changed, long created, long archived) {
    Instant t = Instant.parse("2026-11-26T03:00:00Z");
    return new RunReport(
        "run_1", "cli", mode, dryRun, status, t, t, 0, 1, 1, changed, created, archived, 0, 0, 0, null, 0,
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

  @ParameterizedTest(name = "rollback {0} dryRun={1} changed={2} archived={3} -> {4}")
  @CsvSource({
    "succeeded, true,  2, 1, 0",
    "succeeded, true,  0, 0, 0",
    "succeeded, false, 2, 1, 0",
    "partial,   true,  1, 0, 4",
    "aborted,   true,  0, 0, 5",
  })
  void aRollbackDryRunIsNotDrift(String status, boolean dryRun, long changed, long archived, int expected) {
    assertThat(ExitCode.of(report("rollback", status, dryRun, changed, 0, archived)).code()).isEqualTo(expected);
  }
}
