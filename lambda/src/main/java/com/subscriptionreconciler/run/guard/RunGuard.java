package com.subscriptionreconciler.run.guard;

import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;

/**
 * The run's safety guard: the one place a run's {@link RunningTotals} are judged. Which limits apply follows from
 * the request, once:
 *
 * <ul>
 *   <li>a run with {@code force}: none (the guard only says it was overridden);
 *   <li>an event run (trigger {@code event}, targeted): {@code MAX_CHANGES_ABSOLUTE} only. Every object it checks
 *       was named by a change, so most of them changing is normal and the ratio says nothing; a batch that would
 *       change more rows than the absolute limit still aborts, and the consumer retries it in halves;
 *   <li>every other run: both limits, as {@link SafetyGuard} says.
 * </ul>
 */
public final class RunGuard {
  enum Limits { BOTH, ABSOLUTE_ONLY, NONE }

  private final SafetyGuard guard;
  private final Limits limits;

  RunGuard(SafetyGuard guard, Limits limits) {
    this.guard = guard;
    this.limits = limits;
  }

  public static RunGuard forRequest(SafetyGuard guard, RunRequest request) {
    if (request.force()) {
      return new RunGuard(guard, Limits.NONE);
    }
    boolean eventRun = request.trigger() == Trigger.EVENT && request.targeted();
    return new RunGuard(guard, eventRun ? Limits.ABSOLUTE_ONLY : Limits.BOTH);
  }

  public SafetyGuard.Decision decide(RunningTotals totals) {
    return switch (limits) {
      case BOTH -> guard.decide(totals.plannedChanges(), totals.checked(), false);
      case ABSOLUTE_ONLY -> guard.decideAbsoluteOnly(totals.plannedChanges(), totals.checked());
      case NONE -> guard.decide(totals.plannedChanges(), totals.checked(), true);
    };
  }

  /**
   * Whether work done on a guess before the run's decision (confirming orphan candidates during the listing) stays
   * within {@code MAX_CHANGE_RATIO} with every guess counted as a change, whatever {@code MAX_CHANGES_ABSOLUTE}
   * allows: nothing checked, nothing allowed.
   */
  public boolean allowsGuesses(RunningTotals ifGuessesChange) {
    return guard.withinRatio(ifGuessesChange.plannedChanges(), ifGuessesChange.checked());
  }
}
