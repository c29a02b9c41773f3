package com.subscriptionreconciler.run.collect.full;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.run.Deadline;
import com.subscriptionreconciler.run.collect.DatabaseSnapshot;
import com.subscriptionreconciler.run.collect.ListingPaused;
import com.subscriptionreconciler.run.collect.OrphanConfirmer;
import com.subscriptionreconciler.run.collect.ScanContext;
import com.subscriptionreconciler.run.collect.WhileStripeWaits;
import com.subscriptionreconciler.run.guard.RunGuard;
import com.subscriptionreconciler.run.guard.RunningTotals;
import com.subscriptionreconciler.stripe.PartitionedLister;
import com.subscriptionreconciler.stripe.SubscriptionPage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full run's collection phase: every Stripe subscription once (listed in parallel partitions), planned page by
 * page against the rows that belong to it; then the orphan sweep over live rows the listing never showed. Most
 * orphans are confirmed while the listing still runs ({@link EarlyOrphanSweep}); the sweep takes the rest.
 *
 * <p>Customers whose organization still has rows without a subscription id are held back until the listing
 * ends and planned with all their subscriptions together, so one id-less row can never be matched twice.
 *
 * <p>Resumable: past its {@link Deadline} the listing stops and {@link #run} returns a {@link ListingPaused} with what is
 * left (unlisted ranges, the fingerprints seen, the deferred subscriptions); a later invocation builds a scan from
 * it ({@link Start}) and goes on. The deferred customers and the orphan sweep are planned once, in the invocation
 * that finishes the listing, over everything every invocation saw; what earlier invocations deferred is retrieved
 * again while each invocation lists, not after, so the last invocation holds no more Stripe requests than the
 * others (the orphans are mostly confirmed during the listing too).
 */
public final class FullScan {
  private static final Logger LOG = LoggerFactory.getLogger(FullScan.class);

  private final ScanContext scan;
  private final PartitionedLister lister;
  private final RunGuard guard;
  private final Start start;
  private final Deadline deadline;
  private final SeenSubscriptions seen = new SeenSubscriptions();
  /** Read while the listing waits for Stripe, so the sweep after it needs no database round trips. */
  private final LiveRowKeys liveRows;
  private final WhileStripeWaits whileWaiting;
  private final EarlyOrphanSweep early;
  private final Map<String, List<StripeSubscription>> deferredByCustomer = new LinkedHashMap<>();
  private final Map<String, StripeCustomer> deferredCustomers = new HashMap<>();

  /**
   * Where a scan starts: the whole account, or where an earlier invocation of the run stopped.
   *
   * @param before what the earlier invocations checked and planned: the orphan sweep's early guard judges the
   *     whole run
   */
  record Start(
      List<PartitionedLister.Span> remaining, SeenSubscriptions seen, List<String> deferredSubscriptionIds,
      RunningTotals before) {
    static Start fresh() {
      return new Start(List.of(PartitionedLister.Span.all()), new SeenSubscriptions(), List.of(), RunningTotals.NONE);
    }
  }

  /**
   * This invocation's share of a run that may span several: where its listing starts, and when it must stop.
   *
   * @param deadline asked between pages; past it the scan pauses and {@link #run} says where it stopped
   */
  record Invocation(Start start, Deadline deadline) {}

  /** @param whileWaiting what the thread does while Stripe answers: the run's scheduling policy */
  FullScan(
      ScanContext scan, PartitionedLister lister, RunGuard guard, Invocation invocation,
      WhileStripeWaits whileWaiting) {
    this.scan = scan;
    this.lister = lister;
    this.guard = guard;
    this.start = invocation.start();
    this.deadline = invocation.deadline();
    this.liveRows = new LiveRowKeys(scan.reads());
    this.whileWaiting = whileWaiting;
    this.early = new EarlyOrphanSweep(scan, liveRows, seen, start, guard);
  }

  /** Scans, or stops at the deadline; returns null when the scan is complete, else where it stopped. */
  ListingPaused run() throws SQLException, StripeException, InterruptedException {
    long began = System.nanoTime();
    List<OrphanConfirmer.Pending> earlierDeferred = startEarlierDeferred();
    PartitionedLister.Outcome listed = list();
    LOG.info("Listing {}: {} subscriptions in {} ms", listed.finished() ? "finished" : "paused", seen.size(),
        (System.nanoTime() - began) / 1_000_000);
    early.finish();
    collectEarlierDeferred(earlierDeferred);
    if (leavesTheFinalPhase(listed.finished(), start.remaining(), deadline)) {
      return pause(listed.remaining());
    }
    planDeferred();
    sweepOrphans();
    return null;
  }

  /**
   * Whether this invocation pauses before the final phase (the deferred customers and the orphan sweep): its
   * listing stopped at the deadline, or it listed its last range with no time left; the final phase's Stripe
   * requests and organization pages are then a fresh invocation's. One that had nothing left to list always does
   * the final phase, whatever the time, so a run cannot pause forever.
   *
   * @param rangesAtStart what this invocation had to list when it began
   */
  static boolean leavesTheFinalPhase(
      boolean listingFinished, List<PartitionedLister.Span> rangesAtStart, Deadline deadline) {
    return !listingFinished || (!rangesAtStart.isEmpty() && deadline.expired());
  }

  /**
   * The lister's signature admits any exception because it hands failures of our page consumer and idle work
   * through unchanged; those are ours and narrow, so anything wider cannot reach here.
   */
  private PartitionedLister.Outcome list() throws SQLException, StripeException, InterruptedException {
    try {
      return lister.list(start.remaining(), deadline::expired, this::onPage,
          whileWaiting.whileListing(liveRows::readNextPage)::step, early::pageTaken);
    } catch (SQLException | StripeException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private ListingPaused pause(List<PartitionedLister.Span> remaining) {
    // what earlier invocations deferred was retrieved again during this listing and is among these
    List<String> deferred = new ArrayList<>();
    deferredByCustomer.values().forEach(group -> group.forEach(s -> deferred.add(s.id())));
    return new ListingPaused(remaining, start.seen().union(seen).sortedFingerprints(), deferred);
  }

  private void onPage(SubscriptionPage listed) throws SQLException {
    // a resumed listing starts at the second its predecessor stopped in, so it may repeat a few subscriptions
    // and an early orphan confirmation may have found (and reconciled) a subscription before its page came
    SubscriptionPage page =
        new SubscriptionPage(
            listed.subscriptions().stream()
                .filter(s -> !early.reconciledEarly(s.id()))
                .filter(s -> start.seen().size() == 0 || !start.seen().contains(s.id()))
                .toList(),
            listed.customers(), listed.hasMore(), listed.lastId());
    page.subscriptions().forEach(s -> seen.add(s.id()));
    scan.out().customers(page.customers());
    DatabaseSnapshot snapshot =
        DatabaseSnapshot.read(
            scan.reads(), ScanContext.ids(page.subscriptions()), ScanContext.customerIds(page.subscriptions()),
            List.of());
    List<StripeSubscription> now = new ArrayList<>();
    for (StripeSubscription s : page.subscriptions()) {
      if (snapshot.idlessIdentity(s) != null) {
        deferredByCustomer.computeIfAbsent(groupOf(s), c -> new ArrayList<>()).add(s);
        page.customers().stream().filter(c -> s.hasCustomerIdentity(c.id())).forEach(c -> deferredCustomers.put(c.id(), c));
      } else {
        now.add(s);
      }
    }
    if (!now.isEmpty()) {
      scan.out().add(scan.planner().plan(snapshot.batch(now, page.customers(), List.of(), java.util.Set.of())));
    }
  }

  private void planDeferred() throws SQLException {
    List<StripeSubscription> batch = new ArrayList<>();
    for (List<StripeSubscription> group : deferredByCustomer.values()) {
      if (!batch.isEmpty() && batch.size() + group.size() > ScanContext.CONFIRM_CHUNK) {
        scan.plan(batch, List.copyOf(deferredCustomers.values()));
        batch = new ArrayList<>();
      }
      batch.addAll(group);
    }
    scan.plan(batch, List.copyOf(deferredCustomers.values()));
  }

  /**
   * Subscriptions earlier invocations deferred were kept by id only: they are fetched again, current as of this
   * invocation, while the listing runs, on the retrieve endpoint's own budget rather than after the listing.
   */
  private List<OrphanConfirmer.Pending> startEarlierDeferred() {
    List<OrphanConfirmer.Pending> started = new ArrayList<>();
    for (List<String> chunk : ScanContext.chunks(start.deferredSubscriptionIds(), ScanContext.CONFIRM_CHUNK)) {
      started.add(scan.confirmer().start(chunk));
    }
    return started;
  }

  /** Waits for the retrieves of {@link #startEarlierDeferred} and holds what they found with this run's own. */
  private void collectEarlierDeferred(List<OrphanConfirmer.Pending> earlierDeferred) throws StripeException {
    for (OrphanConfirmer.Pending retrieves : earlierDeferred) {
      OrphanConfirmer.Outcome outcome = retrieves.outcome();
      outcome.failed().forEach((id, e) -> scan.out().subscriptionFailed(id, e));
      scan.out().customers(outcome.customers());
      outcome.customers().forEach(c -> deferredCustomers.put(c.id(), c));
      for (StripeSubscription s : outcome.found()) {
        deferredByCustomer.computeIfAbsent(groupOf(s), c -> new ArrayList<>()).add(s);
      }
    }
  }

  /** One group per customer, however it is named: an Account customer by its acct_…, which all its subscriptions carry. */
  private static String groupOf(StripeSubscription s) {
    return s.customerAccountId() != null ? s.customerAccountId() : s.customerId();
  }

  /**
   * Live rows naming a subscription the listing did not show. A wrong API key (another account, test instead of
   * live) makes every row such a candidate; when the candidates alone would trip the safety guard, the run
   * aborts before spending a request per row to confirm them.
   */
  private void sweepOrphans() throws SQLException, StripeException {
    SeenSubscriptions seen = start.seen().size() == 0 ? this.seen : start.seen().union(this.seen);
    List<Long> candidates = new ArrayList<>(liveRows.unseenBy(seen));
    candidates.removeAll(early.handledRows());
    LOG.info("Orphan sweep: {} live rows name subscriptions the listing did not show", candidates.size());
    if (candidates.isEmpty()) {
      return;
    }
    Optional<String> abort = sweepAbort(guard, start.before().plus(scan.out().totals()), candidates.size());
    if (abort.isPresent()) {
      scan.out().abort(abort.get());
      return;
    }
    Iterator<List<Long>> chunks = ScanContext.chunks(candidates, ScanContext.CONFIRM_CHUNK).iterator();
    scan.confirmAndPlan(
        () -> chunks.hasNext() ? confirmable(scan.reads().subscriptionsByIds(chunks.next())) : null,
        whileWaiting.whileConfirming());
  }

  /**
   * The sweep's guard, before a single candidate is confirmed: why the run aborts when the candidates alone,
   * each counted as a change, would trip it; empty to go on and confirm them.
   *
   * @param soFar what the whole run checked and planned before the sweep, earlier invocations included
   */
  static Optional<String> sweepAbort(RunGuard guard, RunningTotals soFar, int candidates) {
    SafetyGuard.Decision decision = guard.decide(soFar.ifAllChange(candidates));
    if (decision.proceed()) {
      return Optional.empty();
    }
    return Optional.of(candidates + " database rows name subscriptions Stripe did not list (wrong API key or"
        + " account?); " + decision.reason());
  }

  /** Candidate rows as they are now: one archived or given up meanwhile needs no confirming. */
  static List<SubscriptionRow> confirmable(List<SubscriptionRow> rows) {
    return rows.stream().filter(r -> r.stripeSubscriptionId() != null && !r.archived()).toList();
  }
}
