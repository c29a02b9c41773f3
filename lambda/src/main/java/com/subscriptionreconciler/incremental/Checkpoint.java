package com.subscriptionreconciler.incremental;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where the event feed resumes: the {@code created} time of the newest event already reconciled and, when the
 * cursor came from an event, that event's id. A full run sets a checkpoint with no event id (a point in time).
 *
 * <p>Stored as {@code DATETIME(3)}, so the time is truncated to milliseconds here: what {@link CheckpointStore}
 * reads back equals what was written.
 */
public record Checkpoint(Instant lastEventCreated, String lastEventId) {

  public Checkpoint {
    Objects.requireNonNull(lastEventCreated, "lastEventCreated");
    lastEventCreated = lastEventCreated.truncatedTo(ChronoUnit.MILLIS);
    if (lastEventId != null && lastEventId.isBlank()) {
      lastEventId = null;
    }
  }

  public static Checkpoint at(Instant time) {
    return new Checkpoint(time, null);
  }

  /** The {@code created[gte]} to list from: Stripe's times are whole seconds, so round down (inclusive). */
  long listFromEpochSecond() {
    return lastEventCreated.getEpochSecond();
  }

  /** Strictly later in time; checkpoints in the same millisecond are equally far along whatever their ids. */
  public boolean isAfter(Checkpoint other) {
    return lastEventCreated.isAfter(other.lastEventCreated);
  }
}
