package com.subscriptionreconciler.run.collect.targeted;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.incremental.ChangedObjects;
import com.subscriptionreconciler.incremental.CheckpointStore;
import com.subscriptionreconciler.incremental.EventFeed;
import com.subscriptionreconciler.incremental.EventRetention;
import com.subscriptionreconciler.incremental.IncrementalDecision;
import com.subscriptionreconciler.run.collect.AccountListing;
import com.subscriptionreconciler.run.collect.CollectJob;
import com.subscriptionreconciler.run.collect.Collected;
import com.subscriptionreconciler.run.collect.ScanContext;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Collects an incremental run: the objects named by Stripe events since the checkpoint, planned like a targeted
 * run. Without a usable checkpoint (none yet, or older than Stripe keeps events) it is a full run instead, and the
 * report's {@code fallbackReason} says why.
 */
public final class IncrementalRunJob implements CollectJob {
  private final CheckpointStore checkpoints;
  private final EventFeed events;
  private final CollectJob fullRun;
  private final AccountListing listing;
  private final Instant now;

  /** @param now the run's start: how old the checkpoint is, and where the next one starts */
  public IncrementalRunJob(
      CheckpointStore checkpoints, EventFeed events, CollectJob fullRun, AccountListing listing, Instant now) {
    this.checkpoints = checkpoints;
    this.events = events;
    this.fullRun = fullRun;
    this.listing = listing;
    this.now = now;
  }

  @Override
  public Collected collect(ScanContext scan) throws SQLException, StripeException, InterruptedException {
    IncrementalDecision decision =
        IncrementalDecision.decide(checkpoints.load(), now, EventRetention.stripeDefault());
    if (decision instanceof IncrementalDecision.FallBackToFull fallBack) {
      return fullRun.collect(scan).fellBackToFull(fallBack.reason());
    }
    ChangedObjects changed = events.readSince(((IncrementalDecision.Incremental) decision).since());
    var toDerive =
        new TargetedScan(scan, listing).run(List.of(), changed.customerIds(), changed.subscriptionIds());
    return new Collected(scan.out().merged(), toDerive, false, Optional.empty(),
        new Collected.Cursor.AfterEvents(changed));
  }
}
