package com.subscriptionreconciler.run;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.Trigger;

/**
 * What {@code rollback RUN_ID} runs on. Separate from {@link Engine} because a rollback reads and
 * writes only the database: building one needs no Stripe key.
 */
@FunctionalInterface
public interface Rollbacks {
  /** See {@link Engine#rollback}. */
  RunReport rollback(String runId, boolean dryRun, Trigger trigger);
}
