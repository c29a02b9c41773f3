package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangedObjectsTest {
  private static final Instant T = Instant.parse("2026-11-26T03:00:00Z");

  @Test
  void noneIsEmptyAndHasNoNewestEvent() {
    assertThat(ChangedObjects.NONE.isEmpty()).isTrue();
    assertThat(ChangedObjects.NONE.newestEvent()).isEmpty();
  }

  @Test
  void theNewestEventIsTheCheckpointToMoveTo() {
    ChangedObjects changed = new ChangedObjects(Set.of("sub_1"), Set.of("cus_1"), Set.of(), T, "evt_9", 3);

    assertThat(changed.isEmpty()).isFalse();
    assertThat(changed.newestEvent()).contains(new Checkpoint(T, "evt_9"));
  }

  @Test
  void emptinessIsTheEventCountNotTheNamedObjects() {
    // events that name nothing we read (e.g. a customer event without id) still moved the feed
    ChangedObjects changed = new ChangedObjects(Set.of(), Set.of(), Set.of(), T, "evt_1", 1);

    assertThat(changed.isEmpty()).isFalse();
  }

  @Test
  void newestTimeAndIdGoTogether() {
    assertThatThrownBy(() -> new ChangedObjects(Set.of(), Set.of(), Set.of(), T, null, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChangedObjects(Set.of(), Set.of(), Set.of(), null, "evt_1", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
