package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.testing.HandClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private static final Instant START = Instant.parse("2026-11-26T03:00:00Z");

  /** The deadline reads the clock on every question. */
  private final HandClock clock = new HandClock(START);

  @Test
  void noneNeverExpires() {
    assertThat(Deadline.none().expired()).isFalse();
  }

  @Test
  void atExpiresExactlyAtItsInstantAndStaysExpired() {
    Deadline deadline = Deadline.at(START.plusSeconds(10), clock);

    clock.advance(Duration.ofMillis(9_999));
    assertThat(deadline.expired()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(deadline.expired()).isTrue();
    clock.advance(Duration.ofHours(1));
    assertThat(deadline.expired()).isTrue();
  }

  @Test
  void aLambdaInvocationListsForSeventyPercentOfItsRemainingTime() {
    // 15 minutes left: 630 s of listing
    Deadline deadline = Deadline.forLambda(900_000, clock);

    clock.advance(Duration.ofMillis(629_999));
    assertThat(deadline.expired()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(deadline.expired()).isTrue();
  }

  @Test
  void theShareIsTakenOfTheRemainingTimeNotAFixedTimeout() {
    Deadline deadline = Deadline.forLambda(10_000, clock);

    clock.advance(Duration.ofMillis(6_999));
    assertThat(deadline.expired()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(deadline.expired()).isTrue();
  }

  @Test
  void anUnknownRemainingTimeMeansNoDeadline() {
    Deadline zero = Deadline.forLambda(0, clock);
    Deadline negative = Deadline.forLambda(-5, clock);

    clock.advance(Duration.ofDays(365));
    assertThat(zero.expired()).isFalse();
    assertThat(negative.expired()).isFalse();
  }

  @Test
  void oneMillisecondLeftStillGetsADeadline() {
    Deadline deadline = Deadline.forLambda(1, clock);

    // 70% of 1 ms truncates to 0 ms: expired at once rather than never
    assertThat(deadline.expired()).isTrue();
  }
}
