package com.subscriptionreconciler.run;

import java.time.Clock;
import java.time.Instant;

/**
 * When a full run should stop listing and save its progress (a Lambda invocation nearing its timeout). Asked
 * between pages; a run that is told it has passed its deadline applies what it planned, stores a resume state and
 * reports {@code running}, to be continued by the next invocation ({@code resumeRunId}).
 */
@FunctionalInterface
public interface Deadline {
  boolean expired();

  /** No deadline (the CLI, dry runs): the run goes to the end in one go. */
  static Deadline none() {
    return () -> false;
  }

  static Deadline at(Instant when, Clock clock) {
    return () -> !clock.instant().isBefore(when);
  }

  /** Share of an invocation's remaining time spent listing. */
  double LAMBDA_LISTING_SHARE = 0.7;

  /**
   * For a Lambda invocation with {@code remainingMillis} left: list for 70% of it. The other 30% (270 s of a
   * 15-minute invocation) applies the last pages' plan and writes the run row, and keeps every invocation below
   * the Duration alarm's 80%-of-timeout threshold. An unknown remaining time (zero or less) means no deadline.
   */
  static Deadline forLambda(long remainingMillis, Clock clock) {
    if (remainingMillis <= 0) {
      return none();
    }
    return at(clock.instant().plusMillis((long) (remainingMillis * LAMBDA_LISTING_SHARE)), clock);
  }
}
