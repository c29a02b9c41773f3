package com.subscriptionreconciler.run;

import com.stripe.exception.StripeException;
import java.sql.SQLException;
import com.subscriptionreconciler.stripe.PacedHttpClient;
import com.subscriptionreconciler.stripe.PartitionedLister;
import java.util.Optional;
import java.util.Set;

/**
 * Collects a full run: every Stripe subscription listed in parallel partitions ({@link FullScan}), with the
 * organization prescreen and the early writes filling the listing's waits. A resumed run starts where its last
 * invocation stopped. A dry run records its plan only at the end (organizations are derived over the planned
 * changes), so it is never split across invocations.
 */
final class FullRunJob implements CollectJob {
  private final RunRequest request;
  private final Deadline deadline;
  private final Optional<ResumeState> resumed;
  private final PacedHttpClient transport;
  private final int parallelism;

  FullRunJob(
      RunRequest request, Deadline deadline, Optional<ResumeState> resumed, PacedHttpClient transport,
      int parallelism) {
    this.request = request;
    this.deadline = deadline;
    this.resumed = resumed;
    this.transport = transport;
    this.parallelism = parallelism;
  }

  @Override
  public Collected collect(RunParts parts) throws SQLException, StripeException, InterruptedException {
    OrganizationPrescreen prescreen =
        new OrganizationPrescreen(parts.reads(), parts.derivation());
    PartitionedLister lister = new PartitionedLister(parts.reader(), parallelism, transport::concurrencyToFillBudget);
    FullScan.Paused paused =
        new FullScan(parts.scan(), lister, parts.guard(), resumed.map(FullRunJob::startFrom)
            .orElseGet(FullScan.Start::fresh), request.dryRun() ? Deadline.none() : deadline,
            new WhileStripeWaits(prescreen::step, parts.early()::step)).run();
    Set<Long> toDerive = resumed.map(r -> Set.copyOf(r.touchedOrganizationIds())).orElse(Set.of());
    return new Collected(parts.collector().merged(), toDerive, Optional.of(prescreen), Optional.ofNullable(paused),
        new Collected.Cursor.AfterFullRun());
  }

  private static FullScan.Start startFrom(ResumeState state) {
    return new FullScan.Start(state.remaining(), SeenSubscriptions.of(state.seen()), state.deferredSubscriptionIds(),
        state.totals().running());
  }
}
