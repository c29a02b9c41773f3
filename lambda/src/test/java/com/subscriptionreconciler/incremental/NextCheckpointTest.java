package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NextCheckpointTest {
  private static final Instant LISTING_STARTED = Instant.parse("2026-11-01T12:00:00.750Z");

  @Test
  void aFullRunSetsTheTimeItStartedListingMinusTheSkewMarginInWholeSecondsWithNoEvent() {
    assertThat(NextCheckpoint.afterFullRun(LISTING_STARTED))
        .isEqualTo(new Checkpoint(Instant.parse("2026-11-01T11:55:00Z"), null));
  }

  @Test
  void anIncrementalRunNeverMovesPastTheListingStartMinusTheMarginEvenToARecentEvent() {
    Checkpoint since = Checkpoint.at(Instant.parse("2026-11-01T10:00:00Z"));
    ChangedObjects read = changes(Instant.parse("2026-11-01T11:59:58Z"), "evt_new");

    // an event older than evt_new may still become visible: the next run lists from five minutes before this one
    assertThat(NextCheckpoint.afterIncrementalRun(since, read, LISTING_STARTED))
        .isEqualTo(Checkpoint.at(Instant.parse("2026-11-01T11:55:00Z")));
  }

  @Test
  void aQuietIncrementalRunStillMovesTheCursorSoItStaysInsideRetention() {
    Checkpoint since = new Checkpoint(Instant.parse("2026-10-20T10:00:00Z"), "evt_old");

    assertThat(NextCheckpoint.afterIncrementalRun(since, ChangedObjects.NONE, LISTING_STARTED))
        .isEqualTo(Checkpoint.at(Instant.parse("2026-11-01T11:55:00Z")));
  }

  @Test
  void anIncrementalRunNeverMovesTheCursorBackwards() {
    // A checkpoint ahead of our clock (skew) with no newer event stays where it is.
    Checkpoint since = new Checkpoint(Instant.parse("2026-11-01T12:03:00Z"), "evt_ahead");

    assertThat(NextCheckpoint.afterIncrementalRun(since, ChangedObjects.NONE, LISTING_STARTED)).isEqualTo(since);
  }

  private static ChangedObjects changes(Instant newest, String id) {
    return new ChangedObjects(Set.of("sub_1"), Set.of("cus_1"), Set.of(), newest, id, 1);
  }
}
