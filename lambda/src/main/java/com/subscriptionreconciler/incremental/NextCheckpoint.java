package com.subscriptionreconciler.incremental;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where the cursor goes after a run that committed its changes. It never goes past the moment the run started
 * listing Stripe minus {@link #CLOCK_SKEW_MARGIN}.
 *
 * <p><b>After a full run</b>: that moment, with no event id. Everything created before the listing started was
 * seen by it; events from the margin before it on are read again by the next incremental run. The margin covers
 * our clock running ahead of Stripe's and events that show up in the list a little after their {@code created}
 * time. Not the END of the run: a change made while a long full run was paging through older subscriptions would
 * otherwise be skipped forever.
 *
 * <p><b>After an incremental run</b>: that same point, whatever the newest event read was. Stripe's event
 * list is eventually consistent: on a busy account an event can become visible after newer ones, so "the newest
 * event read" may already be past an event the list did not show yet; a cursor moved there would skip it forever.
 * Held at the listing start minus the margin, the next run reads such a late event (it re-reads a few minutes of
 * events, and reconciling their objects again is idempotent). The same point keeps a quiet account's cursor
 * inside Stripe's 30-day retention, so a month without subscription events does not force a full run. Never
 * earlier than where the run started.
 */
public final class NextCheckpoint {
  public static final Duration CLOCK_SKEW_MARGIN = Duration.ofMinutes(5);

  private NextCheckpoint() {}

  public static Checkpoint afterFullRun(Instant listingStartedAt) {
    return Checkpoint.at(pointInTime(listingStartedAt));
  }

  public static Checkpoint afterIncrementalRun(Checkpoint since, ChangedObjects read, Instant listingStartedAt) {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(read, "read");
    // the events read only tell how far the list was visible when it was read, not that nothing older was missing
    Checkpoint bound = Checkpoint.at(pointInTime(listingStartedAt));
    return bound.isAfter(since) ? bound : since;
  }

  /** Whole seconds, as Stripe's {@code created}: what is stored is exactly what the next run lists from. */
  private static Instant pointInTime(Instant listingStartedAt) {
    Objects.requireNonNull(listingStartedAt, "listingStartedAt");
    return listingStartedAt.minus(CLOCK_SKEW_MARGIN).truncatedTo(ChronoUnit.SECONDS);
  }
}
