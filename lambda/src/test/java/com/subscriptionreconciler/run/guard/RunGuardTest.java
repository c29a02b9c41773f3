package com.subscriptionreconciler.run.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guard stage on plain values: which limits a request gets, and what it decides on running totals. */
class RunGuardTest {
  /** 10% of the rows checked, and 50 rows: a run aborts only past both. */
  private static final SafetyGuard LIMITS = new SafetyGuard(new ReconcileRules(Map.of(), "free", 0.10, 50));

  private static RunGuard guardFor(RunRequest request) {
    return RunGuard.forRequest(LIMITS, request);
  }

  private static RunRequest eventRun() {
    return new RunRequest(Trigger.EVENT, Mode.FULL, false, false, List.of(), List.of(),
        List.of("sub_1"));
  }

  @Test
  void aScheduledRunAbortsOnlyPastBothLimits() {
    RunGuard guard = guardFor(RunRequest.full(Trigger.SCHEDULE));

    assertThat(guard.decide(new RunningTotals(1_000, 100)).proceed()).as("exactly at the ratio").isTrue();
    assertThat(guard.decide(new RunningTotals(100, 50)).proceed()).as("exactly at the absolute limit").isTrue();
    SafetyGuard.Decision past = guard.decide(new RunningTotals(1_000, 101));
    assertThat(past.proceed()).isFalse();
    assertThat(past.reason()).startsWith("would change 101 of 1000 rows (10.1%)");
  }

  @Test
  void anEventRunIsExemptFromTheRatioButKeepsTheAbsoluteLimit() {
    RunGuard guard = guardFor(eventRun());

    assertThat(guard.decide(new RunningTotals(50, 50)).proceed()).as("every row changes: normal for events").isTrue();
    SafetyGuard.Decision past = guard.decide(new RunningTotals(60, 51));
    assertThat(past.proceed()).isFalse();
    assertThat(past.reason()).isEqualTo("would change 51 of 60 rows > MAX_CHANGES_ABSOLUTE 50 (event runs are exempt"
        + " from MAX_CHANGE_RATIO only)");
  }

  @Test
  void forceLetsEveryRunThroughAndSaysItWasNeeded() {
    RunGuard forcedEvent = guardFor(new RunRequest(Trigger.EVENT, Mode.FULL, false, true, List.of(), List.of(),
        List.of("sub_1")));
    RunGuard forced = guardFor(new RunRequest(Trigger.CLI, Mode.FULL, false, true, List.of(), List.of(),
        List.of()));

    assertThat(forcedEvent.decide(new RunningTotals(100, 100)).proceed()).isTrue();
    SafetyGuard.Decision overridden = forced.decide(new RunningTotals(100, 100));
    assertThat(overridden.proceed()).isTrue();
    assertThat(overridden.forced()).isTrue();
    assertThat(forced.decide(new RunningTotals(100, 5)).forced()).as("not needed: not reported").isFalse();
  }

  @Test
  void aManualTargetedRunIsJudgedLikeAnyOther() {
    RunRequest targeted = new RunRequest(Trigger.MANUAL, Mode.FULL, false, false, List.of(),
        List.of(), List.of("sub_1"));

    assertThat(guardFor(targeted).decide(new RunningTotals(60, 51)).proceed()).isFalse();
    assertThat(guardFor(targeted).decide(new RunningTotals(1_000, 51)).proceed()).isTrue();
  }

  @Test
  void guessesAreAllowedOnlyWithinTheRatioWhateverTheAbsoluteLimitAllows() {
    RunGuard guard = guardFor(RunRequest.full(Trigger.SCHEDULE));

    assertThat(guard.allowsGuesses(new RunningTotals(100, 10))).isTrue();
    assertThat(guard.allowsGuesses(new RunningTotals(100, 11))).as("11 < 50, still not allowed").isFalse();
    assertThat(guard.allowsGuesses(RunningTotals.NONE.ifAllChange(1))).as("nothing checked yet").isFalse();
  }

  @Test
  void runningTotalsAddUpAcrossInvocationsWithoutChangingTheirParts() {
    RunningTotals earlier = new RunningTotals(200, 7);
    RunningTotals now = earlier.plus(new RunningTotals(300, 5));

    assertThat(now).isEqualTo(new RunningTotals(500, 12));
    assertThat(earlier).isEqualTo(new RunningTotals(200, 7));
    assertThat(now.ifAllChange(10)).isEqualTo(new RunningTotals(510, 22));
  }
}
