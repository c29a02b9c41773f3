package com.subscriptionreconciler.run.lifecycle;

import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.stripe.PartitionedLister.Span;
import java.util.List;

/**
 * Where a paused full run stands, stored in {@code reconciliation_runs.resume_state} between invocations.
 *
 * @param invocations how many invocations the run has had so far
 * @param force the run's {@code force} flag (a resumed run keeps its own settings)
 * @param remaining created ranges not yet listed; empty when only the final phase (deferred customers, orphan
 *     sweep, organizations) is left
 * @param seen fingerprints of every subscription listed so far: the orphan sweep needs all of them, and a resumed
 *     listing drops subscriptions it repeats at a range boundary
 * @param deferredSubscriptionIds subscriptions of customers with id-less rows, planned together in the final
 *     invocation (retrieved again there, so their state is current)
 * @param touchedOrganizationIds organizations whose subscriptions changed, derived in the final invocation
 * @param totals what the earlier invocations counted
 * @param heldChanges the subscription changes earlier invocations planned and did not write: a paused invocation
 *     writes nothing, so that a run the guard aborts in a later invocation has applied nothing; the invocation
 *     that finishes the run applies them (or, aborted, only records them) with its own
 */
public record ResumeState(
    int invocations,
    boolean force,
    List<Span> remaining,
    long[] seen,
    List<String> deferredSubscriptionIds,
    List<Long> touchedOrganizationIds,
    EarlierInvocations totals,
    List<EntityChange> heldChanges) {

  /** The same state with the run's counts so far. */
  ResumeState withTotals(EarlierInvocations counted) {
    return new ResumeState(invocations, force, remaining, seen, deferredSubscriptionIds, touchedOrganizationIds,
        counted, heldChanges);
  }

  public ResumeState {
    heldChanges = heldChanges == null ? List.of() : List.copyOf(heldChanges);
    remaining = List.copyOf(remaining);
    deferredSubscriptionIds = List.copyOf(deferredSubscriptionIds);
    touchedOrganizationIds = List.copyOf(touchedOrganizationIds);
  }
}
