package com.subscriptionreconciler.run;

import com.stripe.exception.StripeException;
import java.sql.SQLException;
import com.stripe.StripeClient;
import com.subscriptionreconciler.incremental.ChangedObjects;
import com.subscriptionreconciler.incremental.CheckpointStore;
import com.subscriptionreconciler.incremental.EventFeed;
import com.subscriptionreconciler.incremental.EventRetention;
import com.subscriptionreconciler.incremental.IncrementalDecision;
import com.subscriptionreconciler.stripe.PacedHttpClient;
import java.util.List;
import java.util.Optional;

/**
 * Collects an incremental run: the objects named by Stripe events since the checkpoint, planned like a targeted
 * run. Without a usable checkpoint (none yet, or older than Stripe keeps events) it is a full run instead, and the
 * report's {@code fallbackReason} says why.
 */
final class IncrementalRunJob implements CollectJob {
  private final StripeClient stripe;
  private final CheckpointStore checkpoints;
  private final CollectJob fullRun;
  private final PacedHttpClient transport;
  private final int parallelism;

  IncrementalRunJob(
      StripeClient stripe, CheckpointStore checkpoints, CollectJob fullRun, PacedHttpClient transport, int parallelism) {
    this.transport = transport;
    this.parallelism = parallelism;
    this.stripe = stripe;
    this.checkpoints = checkpoints;
    this.fullRun = fullRun;
  }

  @Override
  public Collected collect(RunParts parts) throws SQLException, StripeException, InterruptedException {
    IncrementalDecision decision =
        IncrementalDecision.decide(checkpoints.load(), parts.now(), EventRetention.stripeDefault());
    if (decision instanceof IncrementalDecision.FallBackToFull fallBack) {
      return fullRun.collect(parts).fellBackToFull(fallBack.reason());
    }
    ChangedObjects events =
        new EventFeed(stripe).readSince(((IncrementalDecision.Incremental) decision).since());
    var toDerive = new TargetedScan(parts.scan(), AccountListing.over(parts.reader(), transport, parallelism)).run(List.of(), events.customerIds(), events.subscriptionIds());
    return new Collected(parts.collector().merged(), toDerive, Optional.empty(), Optional.empty(),
        new Collected.Cursor.AfterEvents(events));
  }
}
