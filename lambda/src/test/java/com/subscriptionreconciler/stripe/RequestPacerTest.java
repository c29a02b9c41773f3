package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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

  @Test
  void anEndpointFirstUsedAfterAnotherWasRefusedStartsAtThatOnesRate() {
    ManualClock clock = new ManualClock();
    RequestPacer pacer = new RequestPacer(100, 25, clock);
    String list = "GET /v1/subscriptions";
    String events = "GET /v1/events";
    pacer.reserve(events, 0);
    pacer.reserve(list, 0);
    for (int i = 0; i < 20; i++) { // the list endpoint answers 10 a second for 2 s, then Stripe refuses one
      clock.now += 100_000_000L;
      pacer.reserve(list, 0);
      pacer.answered(list);
    }

    pacer.refused(list, clock.now, false);

    assertThat(pacer.requestsPerSecond(list)).as("70% of the 10/s it was accepting").isCloseTo(7.0, within(1e-9));
    assertThat(pacer.requestsPerSecond("GET /v1/subscriptions/{id}")).isCloseTo(7.0, within(1e-9));
    long first = pacer.reserve("GET /v1/subscriptions/{id}", 0);
    long second = pacer.reserve("GET /v1/subscriptions/{id}", 0);
    assertThat(second - first).as("its slots 1/7 s apart").isEqualTo(142_857_143L);
    assertThat(pacer.requestsPerSecond(events)).as("an endpoint already in use keeps its own rate").isEqualTo(25.0);
  }
}
