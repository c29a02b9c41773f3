package com.subscriptionreconciler.incremental;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where the cursor goes after a run that committed its changes.
 *
 * <p><b>After a full run</b>: the moment the run STARTED listing Stripe, minus {@link #CLOCK_SKEW_MARGIN}, with
 * no event id. Everything created before the listing started was seen by it; events from the margin before
 * it on are read again by the next incremental run. The margin covers our clock running ahead of Stripe's and
 * events that show up in the list a little after their {@code created} time. Not the END of the run: a change
 * made while a long full run was paging through older subscriptions would otherwise be skipped forever.
 *
 * <p><b>After an incremental run</b>: the later of the newest event read and the same "listing start minus
 * margin" point. The second keeps a quiet account's cursor inside Stripe's 30-day retention, so a month
 * without subscription events does not force a full run; never earlier than where the run started.
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
    Checkpoint next = since;
    if (read.newestEvent().isPresent() && read.newestEvent().get().isAfter(next)) {
      next = read.newestEvent().get();
    }
    Checkpoint quiet = Checkpoint.at(pointInTime(listingStartedAt));
    // Strictly later only: at the same second the event's id lets the next run skip that one event.
    return quiet.isAfter(next) ? quiet : next;
  }

  /** Whole seconds, as Stripe's {@code created}: what is stored is exactly what the next run lists from. */
  private static Instant pointInTime(Instant listingStartedAt) {
    Objects.requireNonNull(listingStartedAt, "listingStartedAt");
    return listingStartedAt.minus(CLOCK_SKEW_MARGIN).truncatedTo(ChronoUnit.SECONDS);
  }
}
