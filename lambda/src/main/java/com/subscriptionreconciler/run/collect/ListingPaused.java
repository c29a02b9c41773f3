package com.subscriptionreconciler.run.collect;

import com.subscriptionreconciler.stripe.PartitionedLister;
import java.util.List;

/**
 * A full listing stopped at its deadline: the ranges still to list, the fingerprints of the subscriptions already
 * seen (so the orphan sweep of the last invocation knows them) and the orphans whose retrieve was deferred. It is
 * what the next invocation of a resumable run starts from.
 */
public record ListingPaused(
    List<PartitionedLister.Span> remaining, long[] seen, List<String> deferredSubscriptionIds) {}
