package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdaptiveRateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void startsAtTheMaximumAndHalvesOnTheFirstRefusal() {
    AdaptiveRate rate = new AdaptiveRate(25, 0);

    rate.refused(0, SECOND);

    assertThat(rate.requestsPerSecond()).isEqualTo(12.5);
  }

  @Test
  void refusalsOfRequestsSentBeforeTheLastDecreaseSayNothingNew() {
    AdaptiveRate rate = new AdaptiveRate(25, 0);
    rate.refused(SECOND / 2, SECOND);

    rate.refused(SECOND / 2 + 1, SECOND + 1); // in flight when the rate dropped
    assertThat(rate.requestsPerSecond()).isEqualTo(12.5);

    rate.refused(2 * SECOND, 2 * SECOND);
    assertThat(rate.requestsPerSecond()).as("sent after: a further 30% down").isEqualTo(12.5 * 0.7);
  }

  @Test
  void climbsFastBackTowardsTheRefusedRateThenSlowlyPastIt() {
    AdaptiveRate rate = new AdaptiveRate(25, 0);
    rate.refused(0, 0); // refused at 25: now 12.5

    long t = 0;
    for (int i = 0; i < 3; i++) {
      t += SECOND;
      rate.answered(t);
    }
    double afterFast = rate.requestsPerSecond();
    assertThat(afterFast).as("+25%/s for 3 s").isCloseTo(12.5 * Math.pow(1.25, 3), org.assertj.core.data.Offset.offset(0.01));

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
      rate.refused(i * SECOND, i * SECOND);
    }
    assertThat(rate.requestsPerSecond()).isEqualTo(AdaptiveRate.MIN_RATE);

    for (int i = 41; i < 2_000; i++) {
      rate.answered(i * SECOND);
    }
    assertThat(rate.requestsPerSecond()).isEqualTo(25);
  }
}
