package com.subscriptionreconciler.run.collect;

import com.subscriptionreconciler.incremental.ChangedObjects;
import com.subscriptionreconciler.plan.Plan;
import java.util.Optional;
import java.util.Set;

/**
 * What a run's collect phase hands to the rest of the pipeline, whatever its mode.
 *
 * @param plan every change the run plans (early writes included: they are a head start, not a different plan)
 * @param organizationsToDerive organizations the collection already knows must be derived again
 * @param wholeAccount the full run's listing ran (also an incremental run that fell back to it): the organization
 *     prescreen ran beside it, and the derivation finishes it
 * @param paused present when a full run stopped at its deadline: what its next invocation has to do
 * @param cursor how a clean run moves the event checkpoint
 * @param fallbackReason present when an incremental run fell back to a full run: why
 */
public record Collected(
    Plan plan,
    Set<Long> organizationsToDerive,
    boolean wholeAccount,
    Optional<ListingPaused> paused,
    Cursor cursor,
    Optional<String> fallbackReason) {

  public Collected {
    organizationsToDerive = Set.copyOf(organizationsToDerive);
  }

  public Collected(
      Plan plan, Set<Long> organizationsToDerive, boolean wholeAccount, Optional<ListingPaused> paused,
      Cursor cursor) {
    this(plan, organizationsToDerive, wholeAccount, paused, cursor, Optional.empty());
  }

  public Collected fellBackToFull(String reason) {
    return new Collected(plan, organizationsToDerive, wholeAccount, paused, cursor, Optional.of(reason));
  }

  /** How a clean, applied run moves the event checkpoint the incremental mode reads from. */
  public sealed interface Cursor {
    /** A targeted run saw only what it was asked about: the checkpoint stays. */
    record Unmoved() implements Cursor {}

    /** A full run saw everything up to its start. */
    record AfterFullRun() implements Cursor {}

    /** An incremental run saw these events. */
    record AfterEvents(ChangedObjects events) implements Cursor {}
  }
}
