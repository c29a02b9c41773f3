package com.subscriptionreconciler.run.collect.full;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.run.Deadline;
import com.subscriptionreconciler.run.collect.CollectJob;
import com.subscriptionreconciler.run.collect.Collected;
import com.subscriptionreconciler.run.collect.ListingPaused;
import com.subscriptionreconciler.run.collect.ScanContext;
import com.subscriptionreconciler.run.collect.WhileStripeWaits;
import com.subscriptionreconciler.run.guard.RunGuard;
import com.subscriptionreconciler.run.lifecycle.ResumeState;
import com.subscriptionreconciler.stripe.PartitionedLister;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Collects a full run: every Stripe subscription listed in parallel partitions ({@link FullScan}), with Stripe's
 * waits filled as {@link WhileStripeWaits} says. A resumed run starts where its last invocation stopped. A dry run
 * gets no deadline (organizations are derived over its planned changes at the end), so it is never split across
 * invocations.
 */
public final class FullRunJob implements CollectJob {
  private final Optional<ResumeState> resumed;
  private final Deadline deadline;
  private final PartitionedLister lister;
  private final RunGuard guard;
  private final WhileStripeWaits whileWaiting;

  public FullRunJob(
      Optional<ResumeState> resumed, Deadline deadline, PartitionedLister lister, RunGuard guard,
      WhileStripeWaits whileWaiting) {
    this.resumed = resumed;
    this.deadline = deadline;
    this.lister = lister;
    this.guard = guard;
    this.whileWaiting = whileWaiting;
  }

  @Override
  public Collected collect(ScanContext scan) throws SQLException, StripeException, InterruptedException {
    FullScan.Start start = resumed.map(FullRunJob::startFrom).orElseGet(FullScan.Start::fresh);
    ListingPaused paused =
        new FullScan(scan, lister, guard, new FullScan.Invocation(start, deadline), whileWaiting).run();
    Set<Long> toDerive = resumed.map(r -> Set.copyOf(r.touchedOrganizationIds())).orElse(Set.of());
    return new Collected(scan.out().merged(), toDerive, true, Optional.ofNullable(paused),
        new Collected.Cursor.AfterFullRun());
  }

  private static FullScan.Start startFrom(ResumeState state) {
    return new FullScan.Start(state.remaining(), SeenSubscriptions.of(state.seen()), state.deferredSubscriptionIds(),
        state.totals().running());
  }
}
