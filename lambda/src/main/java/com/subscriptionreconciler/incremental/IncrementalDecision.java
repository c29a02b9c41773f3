package com.subscriptionreconciler.incremental;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an incremental run can read events since its checkpoint, or must reconcile everything instead
 * (docs/reference.md, How it decides). The reason is written for people: it becomes the report's
 * {@code fallbackReason}.
 */
public sealed interface IncrementalDecision {

  /** Read events since {@code since}. */
  record Incremental(Checkpoint since) implements IncrementalDecision {
    public Incremental {
      Objects.requireNonNull(since, "since");
    }
  }

  /** Run a full reconciliation; {@code reason} says why, for the report. */
  record FallBackToFull(String reason) implements IncrementalDecision {
    public FallBackToFull {
      Objects.requireNonNull(reason, "reason");
    }
  }

  String NO_CHECKPOINT = "no checkpoint yet: running a full reconciliation";

  /**
   * Incremental when a checkpoint exists and is no older than the retention minus the margin (exactly at that
   * age still counts as incremental); a checkpoint in the future (clock skew) is used as it is.
   */
  static IncrementalDecision decide(Optional<Checkpoint> checkpoint, Instant now, EventRetention retention) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(retention, "retention");
    if (checkpoint.isEmpty()) {
      return new FallBackToFull(NO_CHECKPOINT);
    }
    Checkpoint since = checkpoint.get();
    if (since.lastEventCreated().isBefore(retention.oldestUsable(now))) {
      return new FallBackToFull(
          "checkpoint from "
              + since.lastEventCreated()
              + " is older than Stripe's "
              + adjective(retention.retention())
              + " event retention (with "
              + human(retention.margin())
              + " margin): running a full reconciliation");
    }
    return new Incremental(since);
  }

  /** "30-day": whole days read as an adjective, other durations as {@link #human}. */
  private static String adjective(Duration d) {
    return !d.isZero() && d.equals(Duration.ofDays(d.toDays())) ? d.toDays() + "-day" : human(d);
  }

  /** "1 day", "6 hours", else ISO-8601 ("PT90M"). */
  private static String human(Duration d) {
    if (!d.isZero() && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
    if (d.equals(Duration.ofHours(d.toHours()))) {
      return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    }
    return d.toString();
  }
}
