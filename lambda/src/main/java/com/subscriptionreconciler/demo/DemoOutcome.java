package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.report.RunReport;
import java.util.Objects;

/**
 * How a demo ended, for the {@code demo} command to turn into its exit code (the demo knows no exit codes: the
 * CLI owns them).
 *
 * @param finalCheck the report of the last dry run, which should find nothing left to change
 * @param everyPartShown false when a part after the runs (the real-time change, the second Stripe account) did not
 *     show what it should; the demo has then failed whatever the final check says
 */
public record DemoOutcome(RunReport finalCheck, boolean everyPartShown) {
  public DemoOutcome {
    Objects.requireNonNull(finalCheck, "finalCheck");
  }
}
