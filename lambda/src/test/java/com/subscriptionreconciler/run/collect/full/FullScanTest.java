package com.subscriptionreconciler.run.collect.full;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.Deadline;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.guard.RunGuard;
import com.subscriptionreconciler.run.guard.RunningTotals;
import com.subscriptionreconciler.stripe.PartitionedLister;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The full scan's decisions on plain values: when an invocation pauses, and when the orphan sweep aborts the run. */
class FullScanTest {
  /** 10% of the rows checked, and 50 rows: a run aborts only past both. */
  private static final SafetyGuard LIMITS = new SafetyGuard(new ReconcileRules(Map.of(), "free", 0.10, 50));
  private static final RunGuard SCHEDULED = RunGuard.forRequest(LIMITS, RunRequest.full(Trigger.SCHEDULE));

  @Nested
  class WhetherAnInvocationLeavesTheFinalPhaseToTheNext {
    private final List<PartitionedLister.Span> oneRangeLeft = List.of(new PartitionedLister.Span(0, 1_000));
    private final Deadline passed = () -> true;

    @Test
    void aListingStoppedAtItsDeadlinePauses() {
      assertThat(FullScan.leavesTheFinalPhase(false, oneRangeLeft, passed)).isTrue();
      assertThat(FullScan.leavesTheFinalPhase(false, oneRangeLeft, Deadline.none())).isTrue();
    }

    @Test
    void anInvocationThatListedTheLastRangeGoesOnOnlyWithTimeLeft() {
      assertThat(FullScan.leavesTheFinalPhase(true, oneRangeLeft, passed)).isTrue();
      assertThat(FullScan.leavesTheFinalPhase(true, oneRangeLeft, Deadline.none())).isFalse();
    }

    @Test
    void anInvocationWithNothingLeftToListAlwaysDoesTheFinalPhaseSoTheRunEnds() {
      assertThat(FullScan.leavesTheFinalPhase(true, List.of(), passed)).isFalse();
    }
  }

  @Nested
  class TheOrphanSweepsGuard {
    @Test
    void aListingThatShowedNothingAbortsTheRunBeforeConfirmingAnyCandidate() {
      // a wrong API key: the listing checked nothing, every live row is a candidate
      assertThat(FullScan.sweepAbort(SCHEDULED, RunningTotals.NONE, 500)).contains(
          "500 database rows name subscriptions Stripe did not list (wrong API key or account?); would change 500"
              + " of 500 rows (100%) > MAX_CHANGE_RATIO 10% and > MAX_CHANGES_ABSOLUTE 50; if this is intended,"
              + " rerun with --force (CLI) or \"force\": true (Lambda payload)");
    }

    @Test
    void candidatesAreJudgedAgainstEverythingTheRunCheckedEarlierInvocationsIncluded() {
      assertThat(FullScan.sweepAbort(SCHEDULED, new RunningTotals(1_000, 0), 60)).as("60 of 1060").isEmpty();
      assertThat(FullScan.sweepAbort(SCHEDULED, new RunningTotals(1_000, 50), 60)).as("110 of 1060").isPresent();
      assertThat(FullScan.sweepAbort(SCHEDULED, new RunningTotals(440, 0), 60)).as("60 of 500, past 10%")
          .isPresent();
    }

    @Test
    void aForcedRunConfirmsEveryCandidate() {
      RunGuard forced = RunGuard.forRequest(LIMITS,
          new RunRequest(Trigger.CLI, Mode.FULL, false, true, List.of(), List.of(), List.of()));

      assertThat(FullScan.sweepAbort(forced, RunningTotals.NONE, 500)).isEqualTo(Optional.empty());
    }
  }
}
