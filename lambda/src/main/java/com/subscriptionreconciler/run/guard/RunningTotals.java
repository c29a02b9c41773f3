package com.subscriptionreconciler.run.guard;

import com.subscriptionreconciler.plan.Plan;

/**
 * What a run has checked and planned so far, across the invocations of a resumed run too: the one value every
 * safety-guard decision of the run reads ({@link RunGuard}). Immutable: each stage adds to it and gets a new one.
 *
 * @param checked subscription rows checked (Stripe subscriptions examined plus rows examined as orphan candidates)
 * @param plannedChanges subscription rows the run plans to write
 */
public record RunningTotals(long checked, long plannedChanges) {
  public static final RunningTotals NONE = new RunningTotals(0, 0);

  public static RunningTotals of(Plan plan) {
    return new RunningTotals(plan.checked(), plan.subscriptionChanges());
  }

  public RunningTotals plus(RunningTotals more) {
    return new RunningTotals(checked + more.checked, plannedChanges + more.plannedChanges);
  }

  /** These totals if {@code rows} more rows were checked and every one of them changed (the worst case). */
  public RunningTotals ifAllChange(long rows) {
    return new RunningTotals(checked + rows, plannedChanges + rows);
  }
}
