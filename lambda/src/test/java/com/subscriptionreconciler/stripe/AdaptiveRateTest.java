package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdaptiveRateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void startsAtTheMaximumAndHalvesOnTheFirstRefusal() {
    AdaptiveRate rate = new AdaptiveRate(25, 0);

    rate.refused(0, SECOND, false);

    assertThat(rate.requestsPerSecond()).isEqualTo(12.5);
  }

  @Test
  void retriesRefusedInTheSecondAfterADecreaseAreTheOldRatesDebtButFirstAttemptsAreNews() {
    AdaptiveRate rate = new AdaptiveRate(25, 0);
    rate.refused(SECOND, SECOND, false);

    rate.refused(SECOND + SECOND / 2, SECOND + SECOND / 2 + 1, true); // a retry, sent half a second after
    assertThat(rate.requestsPerSecond()).isEqualTo(12.5);

    rate.refused(SECOND + SECOND / 2, SECOND + SECOND / 2 + 2, false); // a first attempt sent then
    assertThat(rate.requestsPerSecond()).as("still too fast: a further 30% down").isEqualTo(12.5 * 0.7);

    rate.refused(3 * SECOND, 3 * SECOND, true);
    assertThat(rate.requestsPerSecond()).as("a retry sent over a second after").isEqualTo(12.5 * 0.7 * 0.7);
  }

  @Test
  void refusalsOfRequestsSentBeforeTheLastDecreaseSayNothingNew() {
    AdaptiveRate rate = new AdaptiveRate(25, 0);
    rate.refused(SECOND / 2, SECOND, false);

    rate.refused(SECOND / 2 + 1, SECOND + 1, false); // in flight when the rate dropped
    assertThat(rate.requestsPerSecond()).isEqualTo(12.5);

    rate.refused(2 * SECOND, 2 * SECOND, false);
    assertThat(rate.requestsPerSecond()).as("sent after: a further 30% down").isEqualTo(12.5 * 0.7);
  }

  @Test
  void climbsFastBackTowardsTheRefusedRateThenSlowlyPastIt() {
    AdaptiveRate rate = new AdaptiveRate(25, 0);
    rate.refused(0, 0, false); // refused at 25: now 12.5

    long t = 0;
    for (int i = 0; i < 2; i++) {
      t += SECOND;
      rate.answered(t);
    }
    double afterFast = rate.requestsPerSecond();
    assertThat(afterFast).as("+25%/s for 2 s")
        .isCloseTo(12.5 * Math.pow(1.25, 2), org.assertj.core.data.Offset.offset(0.01));
    t += SECOND;
    rate.answered(t);
    assertThat(rate.requestsPerSecond()).as("the fast climb stops at 90% of the refused 25/s, not at 24.4")
        .isCloseTo(22.5, org.assertj.core.data.Offset.offset(1e-9));

    while (rate.requestsPerSecond() < 0.9 * 25) {
      t += SECOND;
      rate.answered(t);
    }
    double near = rate.requestsPerSecond();
    t += SECOND;
    rate.answered(t);
    assertThat(rate.requestsPerSecond()).as("near the refused rate: +2%/s").isCloseTo(near * 1.02,
        org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void neverExceedsTheMaximumNorFallsBelowTheFloor() {
    AdaptiveRate rate = new AdaptiveRate(25, 0);
    for (int i = 1; i <= 40; i++) {
      rate.refused(i * SECOND, i * SECOND, false);
    }
    assertThat(rate.requestsPerSecond()).isEqualTo(AdaptiveRate.MIN_RATE);

    for (int i = 41; i < 2_000; i++) {
      rate.answered(i * SECOND);
    }
    assertThat(rate.requestsPerSecond()).isEqualTo(25);
  }

  @Test
  void aRefusalCutsTheRateStripeWasAcceptingNotAnUpperBoundNeverReached() {
    AdaptiveRate rate = new AdaptiveRate(25, 0);
    for (int i = 1; i <= 16; i++) { // 8 answers a second for 2 s: the cap on requests in flight held it there
      rate.answered(i * SECOND / 8);
    }

    rate.refused(2 * SECOND, 2 * SECOND, false);

    assertThat(rate.requestsPerSecond()).as("70% of the measured 8/s, not half of the paced 25/s")
        .isCloseTo(5.6, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void tooFewAnswersToMeasureFallBackToThePacedRate() {
    AdaptiveRate rate = new AdaptiveRate(25, 0);
    rate.answered(SECOND / 2);
    rate.answered(SECOND);

    rate.refused(2 * SECOND, 2 * SECOND, false);

    assertThat(rate.requestsPerSecond()).isEqualTo(12.5);
  }

  @Test
  void anEndpointStartedLikeARefusedOneClimbsOnlyToJustUnderWhatWasRefused() {
    AdaptiveRate list = new AdaptiveRate(25, 0);
    for (int i = 1; i <= 20; i++) {
      list.answered(i * SECOND / 10);
    }
    list.refused(2 * SECOND, 2 * SECOND, false); // accepting 10/s: now 7/s

    AdaptiveRate retrieve = list.startLike(2 * SECOND);
    assertThat(retrieve.requestsPerSecond()).isCloseTo(7.0, org.assertj.core.data.Offset.offset(1e-9));
    for (int s = 3; s <= 5; s++) {
      retrieve.answered(s * SECOND);
    }
    assertThat(retrieve.requestsPerSecond()).as("fast (+25%/s) to 0.9 x 10, then only +2%/s").isBetween(9.0, 10.0);
  }
}
