package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventRetentionTest {
  @Test
  void stripesRetentionIsThirtyDaysWithADayOfMargin() {
    Instant now = Instant.parse("2026-11-26T03:00:00Z");

    assertThat(EventRetention.stripeDefault().oldestUsable(now)).isEqualTo(Instant.parse("2026-10-28T03:00:00Z"));
  }

  @Test
  void theMarginMustBeNonNegativeAndShorterThanTheRetention() {
    assertThatThrownBy(() -> new EventRetention(Duration.ofDays(30), Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EventRetention(Duration.ofDays(30), Duration.ofDays(30)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new EventRetention(Duration.ofDays(30), Duration.ZERO).oldestUsable(Instant.EPOCH))
        .isEqualTo(Instant.EPOCH.minus(Duration.ofDays(30)));
    assertThat(new EventRetention(Duration.ofDays(30), Duration.ofDays(30).minusMillis(1)).margin())
        .isEqualTo(Duration.ofDays(30).minusMillis(1));
  }
}
