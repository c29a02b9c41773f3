package com.subscriptionreconciler.run.collect.full;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.guard.RunGuard;
import com.subscriptionreconciler.run.guard.RunningTotals;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The early sweep's decisions on plain values: how many orphan candidates it guesses at once, when it stops
 * guessing, and which rows are worth a guess. (Its work against Stripe and the database is in its integration test.)
 */
class EarlyOrphanSweepTest {
  /** 10% of the rows checked, and 50 rows. */
  private static final RunGuard GUARD = RunGuard.forRequest(
      new SafetyGuard(new ReconcileRules(Map.of(), "free", 0.10, 50)), RunRequest.full(Trigger.SCHEDULE));
  /** Enough rows checked that the ratio allows any guess below. */
  private static final RunningTotals MANY_CHECKED = new RunningTotals(1_000_000, 0);

  @Nested
  class HowManyGuessesGoOut {
    @Test
    void tenAtFirstThenOneMoreForEveryTenOrphansConfirmed() {
      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, MANY_CHECKED, 0, 0, 50)).isEqualTo(10);
      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, MANY_CHECKED, 0, 100, 50)).isEqualTo(20);
      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, MANY_CHECKED, 15, 100, 50)).as("15 in flight").isEqualTo(5);
      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, MANY_CHECKED, 10, 0, 50)).as("trust used up").isZero();
    }

    @Test
    void neverMoreThanAreQueuedNorMoreThanOneChunk() {
      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, MANY_CHECKED, 0, 0, 3)).isEqualTo(3);
      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, MANY_CHECKED, 0, 5_000, 300)).isEqualTo(100);
      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, MANY_CHECKED, 0, 0, 0)).isZero();
    }

    @Test
    void noneWhileTheListingHasCheckedNothingAsWithAWrongApiKey() {
      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, RunningTotals.NONE, 0, 0, 50)).isZero();
    }

    @Test
    void onlyAsManyAsTheRatioAllowsCountingThoseInFlightAndWhatWasPlanned() {
      // 100 checked, 5 planned: 10 changes allowed in all
      RunningTotals soFar = new RunningTotals(100, 5);

      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, soFar, 0, 0, 5)).as("5 + 5").isEqualTo(5);
      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, soFar, 0, 0, 10)).as("5 + 10: the whole chunk waits")
          .isZero();
      assertThat(EarlyOrphanSweep.guessesToSend(GUARD, soFar, 3, 0, 5)).as("5 + 3 in flight + 5").isZero();
    }
  }

  @Test
  void guessingStopsPastTenWrongGuessesPlusOneInTen() {
    assertThat(EarlyOrphanSweep.tooManyWrongGuesses(10, 10)).isFalse();
    assertThat(EarlyOrphanSweep.tooManyWrongGuesses(11, 11)).as("10 + 11/10 = 11").isFalse();
    assertThat(EarlyOrphanSweep.tooManyWrongGuesses(12, 12)).isTrue();
    assertThat(EarlyOrphanSweep.tooManyWrongGuesses(20, 100)).isFalse();
    assertThat(EarlyOrphanSweep.tooManyWrongGuesses(21, 100)).isTrue();
  }

  @Test
  void rowsAreGuessedOnlyWhenAtMostOneInTenOfThoseDecidedIsUnseen() {
    assertThat(EarlyOrphanSweep.fewEnoughToGuess(10, 100)).isTrue();
    assertThat(EarlyOrphanSweep.fewEnoughToGuess(11, 100)).as("a backfill's window: not listed yet").isFalse();
    assertThat(EarlyOrphanSweep.fewEnoughToGuess(1, 5)).isFalse();
    assertThat(EarlyOrphanSweep.fewEnoughToGuess(0, 0)).isTrue();
  }
}
