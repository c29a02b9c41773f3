package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.run.RunRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Run reports with a chosen outcome, shaped like the engine's. */
final class Reports {
  private Reports() {}

  static RunReport of(RunRequest request, String status, boolean drift) {
    Instant started = Instant.parse("2026-01-05T03:00:00Z");
    long changed = drift ? 2 : 0;
    List<RunReport.EntityDetail> details = drift
        ? List.of(new RunReport.EntityDetail("subscription", "1000", "sub_1", "update",
            List.of(new RunReport.Change("status", "active", "canceled"))))
        : List.of();
    return new RunReport("run_cli_1", request.trigger(), request.mode(), request.dryRun(),
        RunStatus.fromWireName(status).orElseThrow(), started, started.plusMillis(1234), 1234, 10, 12, changed, drift ? 1 : 0, 0, 9, 1,
        "partial".equals(status) ? 1 : 0, drift ? Map.of("status", 2L) : Map.of(), 7,
        List.of("unknown price price_x"), details, "aborted".equals(status) ? "would change 60% of rows" : null,
        null, "failed".equals(status) ? "could not reach Stripe" : null, null, null, null, null);
  }
}
