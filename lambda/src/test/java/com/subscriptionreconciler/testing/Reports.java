package com.subscriptionreconciler.testing;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.RunReport.Change;
import com.subscriptionreconciler.report.RunReport.EntityDetail;
import com.subscriptionreconciler.report.RunReport.WebhookHealth;
import com.subscriptionreconciler.run.RunRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Run reports for handler and observability tests (the real engine belongs to another unit). */
public final class Reports {
  private Reports() {}

  public static RunReport report(RunRequest request, String runId, String status, int details) {
    Instant started = Instant.parse("2026-01-05T03:00:00Z");
    List<EntityDetail> entities = IntStream.range(0, details)
        .mapToObj(i -> new EntityDetail("subscription", String.valueOf(1000 + i), "sub_" + i, "update",
            List.of(new Change("status", "active", "canceled"), new Change("plan_tier", "pro", "team"))))
        .toList();
    return new RunReport(runId, request.trigger(), request.mode(), request.dryRun(),
        RunStatus.fromWireName(status).orElseThrow(), started, started.plusMillis(4321), 4321, 40, 55, 3, 2, 1, 49, 4, "failed".equals(status) ? 0 : 1,
        Map.of("status", 2L, "plan_tier", 1L), 17, List.of("unknown price price_x"), entities, null, null,
        "failed".equals(status) ? "could not reach Stripe" : null, new WebhookHealth(6, Map.of("invoice.paid", 6L)),
        null, null, null);
  }

  public static RunReport succeeded(RunRequest request) {
    return report(request, "run_test_1", "succeeded", 2);
  }
}
