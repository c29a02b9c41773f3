package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacedAimdLimitTest {
  private static final long MS = 1_000_000L;

  private static PacedAimdLimit limit() {
    return new PacedAimdLimit(2, 1, 10, 0.7, Duration.ofMillis(500), Duration.ofSeconds(3));
  }

  @Test
  void growsByOnePerWindowWhileTheCapIsUsed() {
    PacedAimdLimit limit = limit();

    limit.onSample(0, 100 * MS, 2, false);
    limit.onSample(200 * MS, 100 * MS, 3, false); // same window: no second step
    assertThat(limit.getLimit()).isEqualTo(3);

    limit.onSample(700 * MS, 100 * MS, 3, false);
    assertThat(limit.getLimit()).isEqualTo(4);
  }

  @Test
  void anIdleCapDoesNotGrow() {
    PacedAimdLimit limit = limit();
    for (int i = 0; i < 10; i++) {
      limit.onSample(i * 1000 * MS, 100 * MS, 0, false);
    }
    assertThat(limit.getLimit()).isEqualTo(2);
  }

  @Test
  void aRefusalOrASlowAnswerShrinksItOncePerWindow() {
    PacedAimdLimit limit = new PacedAimdLimit(10, 1, 10, 0.7, Duration.ofMillis(500), Duration.ofSeconds(3));

    limit.onSample(0, 100 * MS, 10, true);
    limit.onSample(10 * MS, 100 * MS, 10, true); // a burst of refusals of requests already in flight
    assertThat(limit.getLimit()).isEqualTo(7);

    limit.onSample(1000 * MS, 4000 * MS, 7, false);
    assertThat(limit.getLimit()).as("an answer slower than 3 s").isEqualTo(4);
  }

  @Test
  void growsBackToARefusedCapOnlyOncePerProbeWindow() {
    PacedAimdLimit limit = new PacedAimdLimit(4, 1, 10, 0.7, Duration.ofMillis(500), Duration.ofSeconds(3));
    limit.onSample(0, 100 * MS, 4, true); // refused at 4: now 2
    limit.onSample(1000 * MS, 100 * MS, 2, false);
    assertThat(limit.getLimit()).isEqualTo(3);

    for (long t = 2000; t < 20_000; t += 1000) {
      limit.onSample(t * MS, 100 * MS, 3, false);
    }
    assertThat(limit.getLimit()).as("below the refused cap for a probe window").isEqualTo(3);

    limit.onSample(32_000 * MS, 100 * MS, 3, false);
    assertThat(limit.getLimit()).as("then one probe").isEqualTo(4);
  }

  @Test
  void aRefusalRightAfterAStepUpStillShrinksIt() {
    PacedAimdLimit limit = limit();
    limit.onSample(0, 100 * MS, 2, false);
    assertThat(limit.getLimit()).isEqualTo(3);

    limit.onSample(200 * MS, 100 * MS, 3, true); // refused 300 ms after growing to 3

    assertThat(limit.getLimit()).isEqualTo(2);
  }
}
