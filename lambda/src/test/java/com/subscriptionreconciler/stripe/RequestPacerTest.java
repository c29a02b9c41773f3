package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestPacerTest {

  /** A clock that only moves when told to, and records requested sleeps instead of sleeping. */
  static final class ManualClock implements RequestPacer.Clock {
    long now;
    long slept;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      slept += nanos;
      now += nanos;
    }
  }

  @Test
  void spacesSlotsEvenlyAtTheConfiguredRate() {
    ManualClock clock = new ManualClock();
    RequestPacer pacer = new RequestPacer(20, clock);

    assertThat(pacer.reserve()).isZero();
    assertThat(pacer.reserve()).isEqualTo(50_000_000L);
    assertThat(pacer.reserve()).isEqualTo(100_000_000L);
  }

  @Test
  void idleTimeIsNotBankedIntoABurst() {
    ManualClock clock = new ManualClock();
    RequestPacer pacer = new RequestPacer(10, clock);
    pacer.reserve();

    clock.now += Duration.ofSeconds(5).toNanos();

    assertThat(pacer.reserve()).isZero();
    assertThat(pacer.reserve()).as("second request after idle still waits one interval").isEqualTo(100_000_000L);
  }

  @Test
  void acquiringNRequestsTakesNMinusOneIntervals() throws InterruptedException {
    ManualClock clock = new ManualClock();
    RequestPacer pacer = new RequestPacer(100, clock);

    for (int i = 0; i < 101; i++) {
      pacer.acquire();
    }

    assertThat(Duration.ofNanos(clock.slept)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void backOffDelaysEveryLaterSlot() {
    ManualClock clock = new ManualClock();
    RequestPacer pacer = new RequestPacer(10, clock);
    pacer.reserve();

    pacer.backOff(Duration.ofSeconds(2));

    assertThat(pacer.reserve()).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(pacer.reserve()).isEqualTo(Duration.ofMillis(2100).toNanos());
  }

  @Test
  void backOffShorterThanTheQueueChangesNothing() {
    ManualClock clock = new ManualClock();
    RequestPacer pacer = new RequestPacer(1, clock);
    pacer.reserve();
    pacer.reserve();

    pacer.backOff(Duration.ofMillis(10));

    assertThat(pacer.reserve()).isEqualTo(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void rejectsANonPositiveRate() {
    assertThatThrownBy(() -> new RequestPacer(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
