package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  private static final Instant T = Instant.parse("2026-11-26T03:00:00.123456789Z");

  @Test
  void timeIsTruncatedToWhatTheColumnStores() {
    assertThat(new Checkpoint(T, "evt_1").lastEventCreated()).isEqualTo(Instant.parse("2026-11-26T03:00:00.123Z"));
  }

  @Test
  void aBlankEventIdIsNoEventId() {
    assertThat(new Checkpoint(T, "  ").lastEventId()).isNull();
    assertThat(new Checkpoint(T, "").lastEventId()).isNull();
    assertThat(new Checkpoint(T, "evt_1").lastEventId()).isEqualTo("evt_1");
    assertThat(Checkpoint.at(T)).isEqualTo(new Checkpoint(T, null));
  }

  @Test
  void aTimeIsRequired() {
    assertThatThrownBy(() -> new Checkpoint(null, "evt_1")).isInstanceOf(NullPointerException.class)
        .hasMessage("lastEventCreated");
  }

  @Test
  void listingStartsAtTheWholeSecondBelow() {
    assertThat(Checkpoint.at(T).listFromEpochSecond()).isEqualTo(Instant.parse("2026-11-26T03:00:00Z").getEpochSecond());
  }

  @Test
  void isAfterComparesTimesOnlyAndStrictly() {
    Checkpoint a = new Checkpoint(T, "evt_a");
    Checkpoint sameMillisOtherId = new Checkpoint(T.plusNanos(100), "evt_z");
    Checkpoint later = Checkpoint.at(T.plusMillis(1));

    assertThat(later.isAfter(a)).isTrue();
    assertThat(a.isAfter(later)).isFalse();
    assertThat(sameMillisOtherId.isAfter(a)).isFalse();
    assertThat(a.isAfter(sameMillisOtherId)).isFalse();
  }
}
