package com.subscriptionreconciler.run.collect.full;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.run.collect.OrphanConfirmer;
import com.subscriptionreconciler.run.collect.ScanContext;
import com.subscriptionreconciler.run.guard.RunGuard;
import com.subscriptionreconciler.run.guard.RunningTotals;
import com.subscriptionreconciler.stripe.ListingCoverage;
import com.subscriptionreconciler.stripe.PartitionedLister;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confirms orphan candidates while the listing still runs, on the retrieve endpoint's own request budget, so a
 * run with many orphans does not spend orphans/25 seconds after the listing (nor overrun the last invocation of a
 * resumable run).
 *
 * <p>A live row whose subscription the listing did not show is confirmed early once the listing has covered the
 * hour either side of the row's {@code created_at}. The row's creation stands in for the subscription's: an
 * application stores a subscription's id when Stripe has just created it (checkout, webhook), within moments. A
 * row written long after its subscription (a backfill) can be guessed wrong: its subscription exists, outside the
 * window, and the retrieve was spent early instead of being needed at all. That subscription is then reconciled
 * from the retrieve and dropped from the listing. After a few wrong guesses the run stops guessing and leaves the
 * rest to the sweep after the listing, so guesses cost a small constant at most.
 *
 * <p>Guesses never exceed MAX_CHANGE_RATIO of the rows checked so far: with a wrong API key the listing shows
 * nothing, nothing is checked, and nothing is guessed (the sweep's guard then aborts the run, as before).
 */
final class EarlyOrphanSweep {
  private static final Logger LOG = LoggerFactory.getLogger(EarlyOrphanSweep.class);

  /** How far from a row's creation its subscription's creation is looked for. */
  static final long WINDOW_SECONDS = 3600;
  /** The largest share of unseen rows among those a look decides that can still be orphans worth guessing. */
  static final double MAX_UNSEEN_SHARE = 0.1;
  /** Coverage is looked at every this many pages (under a second at 25 pages/s). */
  static final int CHECK_EVERY_PAGES = 20;
  /**
   * Wrong guesses allowed before guessing stops: this many, plus one in ten of all guesses. Guesses in flight are
   * held to this many plus one in ten of the orphans confirmed so far, so a run whose guesses are all wrong learns
   * it after about twice this many requests (and ten in flight keep the retrieve endpoint's 25/s busy).
   */
  static final int WRONG_GUESSES_ALLOWED = 10;

  private static final int INDEX_BITS = 24;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  private final ScanContext scan;
  private final LiveRowKeys rows;
  private final SeenSubscriptions seenNow;
  private final SeenSubscriptions seenBefore;
  private final RunGuard guard;
  private final RunningTotals before;

  /** Row indexes sorted by created second, packed as {@code (created − base) << 24 | index}; null until indexed. */
  private long[] byCreated;
  private long baseSecond;
  private final BitSet decided = new BitSet();
  private ListingCoverage looked = ListingCoverage.NONE;
  private int pagesSinceLook;

  private final Deque<ScanContext.InFlight> inFlight = new ArrayDeque<>();
  private int rowsInFlight;
  private final Set<Long> handledRows = new HashSet<>();
  private final Set<String> reconciledEarly = new HashSet<>();
  private final Deque<Long> queued = new ArrayDeque<>();
  private long guessed;
  private long wrongGuesses;
  private long confirmedMissing;
  private boolean stoppedGuessing;

  /**
   * @param seenNow the listing's subscriptions (this invocation's)
   * @param start where this invocation started: what earlier invocations saw, checked and planned
   */
  EarlyOrphanSweep(
      ScanContext scan, LiveRowKeys rows, SeenSubscriptions seenNow, FullScan.Start start, RunGuard guard) {
    this.scan = scan;
    this.rows = rows;
    this.seenNow = seenNow;
    this.seenBefore = start.seen();
    this.guard = guard;
    this.before = start.before();
  }

  /** After each page the listing handed over: plans answered confirmations, and now and then sends new ones. */
  void pageTaken(ListingCoverage coverage) throws SQLException, StripeException {
    planAnswered(false);
    if (stoppedGuessing) {
      return;
    }
    if (++pagesSinceLook >= CHECK_EVERY_PAGES && rows.complete()) {
      pagesSinceLook = 0;
      look(coverage);
    }
    sendQueued();
  }

  /**
   * Decides the rows whose window the listing covers now. Their unseen ones are guessed only when they are few
   * among them: rows whose {@code created_at} says nothing of their subscriptions (a backfill, rows the reconciler
   * itself inserted in one run) sit together in one window, and most of them are simply not listed yet.
   */
  private void look(ListingCoverage coverage) {
    List<Long> candidates = new ArrayList<>();
    int decidedBefore = decided.cardinality();
    if (byCreated == null) {
      index();
      for (long packed : byCreated) {
        consider((int) (packed & INDEX_MASK), coverage, candidates);
      }
    } else {
      for (PartitionedLister.Span gained : coverage.coveredSince(looked)) {
        considerWindowsTouching(gained, coverage, candidates);
      }
    }
    looked = coverage;
    int decidedNow = decided.cardinality() - decidedBefore;
    if (fewEnoughToGuess(candidates.size(), decidedNow)) {
      queued.addAll(candidates);
    } else {
      LOG.debug("Not guessing {} of {} rows whose window the listing covered: too many unseen to be orphans",
          candidates.size(), decidedNow);
    }
  }

  /**
   * Whether the unseen rows among those a look decided are few enough to be orphans worth guessing: at most
   * {@link #MAX_UNSEEN_SHARE} of them.
   */
  static boolean fewEnoughToGuess(int unseen, int decided) {
    return unseen <= decided * MAX_UNSEEN_SHARE;
  }

  /** Whether the subscription was already reconciled from an early retrieve (the listing must drop it). */
  boolean reconciledEarly(String subscriptionId) {
    return reconciledEarly.contains(subscriptionId);
  }

  /** Rows planned from an early confirmation: the sweep after the listing leaves them alone. */
  Set<Long> handledRows() {
    return handledRows;
  }

  /** Waits for the confirmations still in flight and plans them (the listing is over or pausing). */
  void finish() throws SQLException, StripeException {
    planAnswered(true);
    queued.clear();
    if (guessed > 0) {
      LOG.info("Confirmed {} orphan candidates during the listing ({} existed after all){}", guessed, wrongGuesses,
          stoppedGuessing ? "; stopped guessing, too many existed" : "");
    }
  }

  private void index() {
    int n = rows.size();
    long base = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      if (rows.createdSecond(i) != LiveRowKeys.UNKNOWN_CREATED) {
        base = Math.min(base, rows.createdSecond(i));
      }
    }
    baseSecond = base;
    long[] packed = new long[n];
    int size = 0;
    if (n <= INDEX_MASK) {
      for (int i = 0; i < n; i++) {
        long created = rows.createdSecond(i);
        if (created != LiveRowKeys.UNKNOWN_CREATED) {
          packed[size++] = ((created - base) << INDEX_BITS) | i;
        }
      }
    }
    byCreated = Arrays.copyOf(packed, size);
    Arrays.sort(byCreated);
  }

  /** The rows whose window overlaps {@code gained}: only their windows can have become covered just now. */
  private void considerWindowsTouching(PartitionedLister.Span gained, ListingCoverage coverage, List<Long> out) {
    long from = Math.max(0, saturatingSubtract(gained.lo(), WINDOW_SECONDS) - baseSecond);
    for (int i = firstAtOrAfter(from); i < byCreated.length; i++) {
      long created = (byCreated[i] >>> INDEX_BITS) + baseSecond;
      if (created - WINDOW_SECONDS >= gained.hi()) {
        return;
      }
      consider((int) (byCreated[i] & INDEX_MASK), coverage, out);
    }
  }

  private int firstAtOrAfter(long createdOffset) {
    if (createdOffset >= (1L << (63 - INDEX_BITS))) {
      return byCreated.length;
    }
    int at = Arrays.binarySearch(byCreated, createdOffset << INDEX_BITS);
    return at >= 0 ? at : -at - 1;
  }

  private void consider(int index, ListingCoverage coverage, List<Long> out) {
    if (decided.get(index)) {
      return;
    }
    long created = rows.createdSecond(index);
    if (!coverage.covers(saturatingSubtract(created, WINDOW_SECONDS), created + WINDOW_SECONDS + 1)) {
      return;
    }
    decided.set(index);
    long fingerprint = rows.fingerprint(index);
    if (!seenNow.containsFingerprint(fingerprint) && !seenBefore.containsFingerprint(fingerprint)) {
      out.add(rows.rowId(index));
    }
  }

  /** Sends queued candidates, as many as trust and the safety guard allow; the rest wait (or go to the sweep). */
  private void sendQueued() throws SQLException {
    while (!queued.isEmpty()) {
      int size = guessesToSend(guard, before.plus(scan.out().totals()), rowsInFlight, confirmedMissing,
          queued.size());
      if (size == 0) {
        return; // the guard's test is retried as the listing checks more rows; the sweep judges the whole run
      }
      List<Long> chunk = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        chunk.add(queued.poll());
      }
      List<SubscriptionRow> confirmable = FullScan.confirmable(scan.reads().subscriptionsByIds(chunk));
      if (!confirmable.isEmpty()) {
        inFlight.add(scan.startConfirming(confirmable));
        rowsInFlight += confirmable.size();
        guessed += confirmable.size();
      }
    }
  }

  /**
   * How many queued candidates to send now: no more than trust allows ({@link #WRONG_GUESSES_ALLOWED} in flight,
   * plus one in ten of the orphans confirmed so far) nor than one chunk; and none unless the guard allows them and
   * those in flight as guesses, each counted as a change.
   *
   * @param soFar what the whole run checked and planned so far, earlier invocations included
   */
  static int guessesToSend(RunGuard guard, RunningTotals soFar, int rowsInFlight, long confirmedMissing, int queued) {
    long trusted = WRONG_GUESSES_ALLOWED + confirmedMissing / 10 - rowsInFlight;
    int size = (int) Math.min(Math.min(trusted, ScanContext.CONFIRM_CHUNK), queued);
    if (size <= 0 || !guard.allowsGuesses(soFar.plus(new RunningTotals(0, rowsInFlight + (long) size)))) {
      return 0;
    }
    return size;
  }

  /** Whether so many guesses proved wrong that guessing stops: more than allowed, plus one in ten of all guesses. */
  static boolean tooManyWrongGuesses(long wrongGuesses, long guessed) {
    return wrongGuesses > WRONG_GUESSES_ALLOWED + guessed / 10;
  }

  private void planAnswered(boolean wait) throws SQLException, StripeException {
    while (!inFlight.isEmpty() && (wait || inFlight.peek().retrieves().answered())) {
      ScanContext.InFlight chunk = inFlight.poll();
      rowsInFlight -= chunk.rows().size();
      plan(chunk.rows(), chunk.retrieves().outcome());
    }
  }

  /**
   * Plans a confirmed chunk. A subscription that exists was a wrong guess: reconciled from the retrieve unless
   * the listing has shown it meanwhile (then it was planned from there already).
   */
  private void plan(List<SubscriptionRow> chunk, OrphanConfirmer.Outcome outcome) throws SQLException {
    Set<String> listedMeanwhile = new HashSet<>();
    List<StripeSubscription> found = new ArrayList<>();
    for (StripeSubscription s : outcome.found()) {
      wrongGuesses++;
      if (seenNow.contains(s.id()) || seenBefore.contains(s.id())) {
        listedMeanwhile.add(s.id());
      } else {
        found.add(s);
        reconciledEarly.add(s.id());
        seenNow.add(s.id());
      }
    }
    List<SubscriptionRow> planned =
        chunk.stream().filter(r -> !listedMeanwhile.contains(r.stripeSubscriptionId())).toList();
    confirmedMissing += outcome.missing().size();
    scan.planConfirmed(planned, new OrphanConfirmer.Outcome(found, outcome.customers(), outcome.missing(),
        outcome.failed()));
    chunk.forEach(r -> handledRows.add(r.id()));
    if (!stoppedGuessing && tooManyWrongGuesses(wrongGuesses, guessed)) {
      stoppedGuessing = true;
      LOG.info("Stopped confirming orphan candidates during the listing: {} of {} existed (rows written long after"
          + " their subscription?); the rest wait for the listing to end", wrongGuesses, guessed);
    }
  }

  private static long saturatingSubtract(long a, long b) {
    return a < Long.MIN_VALUE + b ? Long.MIN_VALUE : a - b;
  }
}
