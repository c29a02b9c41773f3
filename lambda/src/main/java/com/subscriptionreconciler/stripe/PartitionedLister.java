package com.subscriptionreconciler.stripe;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.StripeSubscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * Lists every subscription of an account exactly once, with several pages in flight, so a run can use its whole
 * {@code STRIPE_MAX_RPS} budget even though one cursor walked page after page manages only 1/latency requests
 * per second.
 *
 * <p>The account is split into disjoint {@code created} ranges, each walked newest-first by its own cursor.
 * Ranges are split adaptively: whenever a worker is idle and fewer ranges are walked than the request budget
 * needs, the range with the most subscriptions still ahead of its cursor (estimated from the density of the pages
 * it already read) gives its older half to a new range. A range only ever emits subscriptions inside its own
 * bounds, and bounds only ever shrink under the lock, so the ranges stay a partition of time and each subscription
 * is emitted once, whatever the timing.
 *
 * <p>Pages go through a bounded queue to the single consumer (planning and database work), so a slow database
 * slows the listing instead of filling the heap.
 *
 * <p>A walk can be stopped early (a Lambda invocation nearing its deadline) and continued later: it then returns
 * the {@link Span}s not yet handed to the consumer. Remaining work is computed from what the consumer took, not
 * from what workers fetched, so pages fetched but never consumed are listed again next time; a span starts at the
 * consumed cursor's second inclusive, so a resumed walk may repeat subscriptions of that one second, which the
 * caller drops (it knows what it has seen).
 */
public final class PartitionedLister {
  /** Subscriptions cannot predate Stripe; bisecting from here wastes at most a few empty-range requests. */
  static final Instant EARLIEST = Instant.parse("2010-01-01T00:00:00Z");

  /** Splitting costs about one extra (partial) page per range, so only ranges with 20+ pages ahead are split. */
  private static final int MIN_ITEMS_TO_SPLIT = (int) (20 * StripeAccountReader.PAGE_SIZE);
  /**
   * While fewer ranges are walked than the budget needs (the end of a listing, when ranges run out one by one),
   * an idle worker splits even a range with 2 pages ahead: the extra request is cheaper than walking those pages
   * one after another while the budget sits unused. Such splits cost about one request each, so a walk makes at
   * most {@code parallelism} of them: the extra requests of a full run stay a constant, however small the
   * account (on a 100-page account the end of the listing is most of it).
   */
  private static final int MIN_ITEMS_TO_SPLIT_WHEN_STARVED = (int) (2 * StripeAccountReader.PAGE_SIZE);
  /**
   * Even a large range is split only while fewer ranges are walked than the budget needs, with this much room for
   * answers slower than typical: every range costs a partial page, and on an account that allows 5 list requests
   * a second, ten ranges where three keep the budget busy waste about a second and a half.
   */
  private static final double RANGES_HEADROOM = 1.25;

  private final StripeAccountReader reader;
  private final int parallelism;
  private final DoubleSupplier rangesToFillBudget;
  private volatile ListingProbe probe = ListingProbe.NONE;
  private volatile boolean testClocks;

  /** A lister that splits only large ranges, whatever the latency (no signal of how many ranges are needed). */
  public PartitionedLister(StripeAccountReader reader, int parallelism) {
    this(reader, parallelism, () -> 0);
  }

  /**
   * @param rangesToFillBudget how many ranges walked at once would keep the request budget busy (budget ×
   *     latency, e.g. {@link PacedHttpClient#concurrencyToFillBudget}); fewer walked than that means starved
   */
  public PartitionedLister(StripeAccountReader reader, int parallelism, DoubleSupplier rangesToFillBudget) {
    this.reader = Objects.requireNonNull(reader, "reader");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.parallelism = parallelism;
    this.rangesToFillBudget = Objects.requireNonNull(rangesToFillBudget, "rangesToFillBudget");
  }

  /**
   * Lets a test hold a worker between finishing a range and handing over its last page, where a thread can be
   * descheduled on a loaded machine.
   */
  interface ListingProbe {
    ListingProbe NONE = new ListingProbe() {};

    default void beforeLastPageHanded(Span range) throws InterruptedException {}

    default void afterLastPageHanded(Span range) {}
  }

  /**
   * Also lists the subscriptions attached to test clocks, which a sandbox leaves out of the plain list (so a full
   * run neither misses them nor retrieves each of their rows to prove it is no orphan): each walk first lists the
   * test clocks, then each clock's subscriptions created inside the walk's spans, and hands them to the consumer
   * before any range's page. Only for a sandbox key: a live account has no test clocks and is sent nothing for them.
   */
  public PartitionedLister listingTestClocks(boolean value) {
    this.testClocks = value;
    return this;
  }

  PartitionedLister probedBy(ListingProbe probe) {
    this.probe = Objects.requireNonNull(probe, "probe");
    return this;
  }

  /** Concurrency that keeps {@code maxRps} busy at a pessimistic half-second per list request. */
  public static int parallelismFor(double maxRequestsPerSecond) {
    return (int) Math.max(1, Math.min(32, Math.ceil(maxRequestsPerSecond * 0.5)));
  }

  /**
   * Receives pages on the calling thread; may throw to stop the listing.
   *
   * @param <E> what the consumer may throw (a database error, say), passed on to the caller of {@code list}
   */
  @FunctionalInterface
  public interface PageConsumer<E extends Exception> {
    void accept(SubscriptionPage page) throws E;
  }

  /**
   * Work for the consumer's thread while no page is waiting for it, a small step per call (one database page,
   * say); returns false once nothing is left.
   */
  @FunctionalInterface
  public interface IdleWork<E extends Exception> {
    boolean step() throws E;
  }

  /**
   * Told on the consumer's thread after each page it took, with what the walk has covered by then: lets the
   * consumer act on the seconds already listed in full while the rest is still being walked.
   */
  @FunctionalInterface
  public interface Progress<E extends Exception> {
    void pageTaken(ListingCoverage coverage) throws E;
  }

  /** A created range {@code [lo, hi)} in epoch seconds still to be walked; {@code hi} may be {@link Long#MAX_VALUE}. */
  public record Span(long lo, long hi) {
    public Span {
      if (lo >= hi) {
        throw new IllegalArgumentException("empty span " + lo + " .. " + hi);
      }
    }

    /** The whole account. */
    public static Span all() {
      return new Span(EARLIEST.getEpochSecond(), Long.MAX_VALUE);
    }
  }

  /** What a walk left undone: nothing when it finished, else the spans a later walk must still list. */
  public record Outcome(List<Span> remaining) {
    public Outcome {
      remaining = List.copyOf(remaining);
    }

    public boolean finished() {
      return remaining.isEmpty();
    }
  }

  /** Walks the account, handing every page to {@code consumer} on the calling thread. */
  public <E extends Exception> void list(PageConsumer<? extends E> consumer)
      throws E, StripeException, InterruptedException {
    list(List.of(Span.all()), () -> false, consumer);
  }

  /**
   * Walks the given spans, handing every page to {@code consumer} on the calling thread, until they are done or
   * {@code stopRequested} says so. It is asked after each page the consumer took, so every walk that has work makes
   * progress of at least one page.
   */
  public <E extends Exception> Outcome list(
      List<Span> spans, BooleanSupplier stopRequested, PageConsumer<? extends E> consumer)
      throws E, StripeException, InterruptedException {
    return list(spans, stopRequested, consumer, () -> false);
  }

  /** As {@link #list(List, BooleanSupplier, PageConsumer)}, doing {@code idle} work whenever no page waits. */
  public <E extends Exception> Outcome list(
      List<Span> spans, BooleanSupplier stopRequested, PageConsumer<? extends E> consumer, IdleWork<? extends E> idle)
      throws E, StripeException, InterruptedException {
    return list(spans, stopRequested, consumer, idle, coverage -> {});
  }

  /** As {@link #list(List, BooleanSupplier, PageConsumer, IdleWork)}, telling {@code progress} after each page. */
  public <E extends Exception> Outcome list(
      List<Span> spans, BooleanSupplier stopRequested, PageConsumer<? extends E> consumer, IdleWork<? extends E> idle,
      Progress<? extends E> progress)
      throws E, StripeException, InterruptedException {
    if (spans.isEmpty()) {
      return new Outcome(List.of());
    }
    if (testClocks) {
      // before the ranges, and never a reason to stop: the coverage the ranges report must include these, and a walk
      // stopped after them would list them again next time (the caller drops what it has seen)
      handTestClockSubscriptions(spans, consumer);
    }
    Walk walk = new Walk(spans);
    ExecutorService workers =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread t = new Thread(r, "stripe-lister");
              t.setDaemon(true);
              return t;
            });
    try {
      for (int i = 0; i < parallelism; i++) {
        workers.execute(walk::work);
      }
      return walk.drain(consumer, stopRequested, idle, progress);
    } finally {
      walk.stop();
      workers.shutdownNow();
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private <E extends Exception> void handTestClockSubscriptions(List<Span> spans, PageConsumer<? extends E> consumer)
      throws E, StripeException {
    for (String clock : reader.listTestClocks()) {
      SubscriptionPage page = reader.listTestClockSubscriptions(clock);
      List<StripeSubscription> inside = page.subscriptions().stream().filter(s -> within(spans, s)).toList();
      if (!inside.isEmpty()) {
        consumer.accept(new SubscriptionPage(inside, page.customers(), false, null));
      }
    }
  }

  private static boolean within(List<Span> spans, StripeSubscription s) {
    long created = s.created() == null ? EARLIEST.getEpochSecond() : s.created().getEpochSecond();
    return spans.stream().anyMatch(span -> created >= span.lo() && created < span.hi());
  }

  /** One walk over the account: the ranges, the queue, and the shared failure. */
  private final class Walk {
    private final Object lock = new Object();
    private final List<Range> open = new ArrayList<>();
    /** Every range of this walk, finished or not: what is left is computed over all of them. */
    private final List<Range> all = new ArrayList<>();
    private final BlockingQueue<Message> pages = new ArrayBlockingQueue<>(Math.max(4, parallelism * 2));
    private final AtomicInteger busyWorkers = new AtomicInteger();
    private int unclaimedOrActive;
    private int starvedSplits;
    private boolean stopped;

    Walk(List<Span> spans) {
      for (Span span : spans) {
        Range range = new Range(span.lo(), span.hi());
        open.add(range);
        all.add(range);
      }
      unclaimedOrActive = spans.size();
    }

    void work() {
      try {
        while (true) {
          Range range = claim();
          if (range == null) {
            return;
          }
          walk(range);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (StripeException e) {
        fail(e);
      } catch (RuntimeException e) {
        fail(e);
      }
    }

    /** Takes an unclaimed range, or splits the busiest one; null when the walk is over. */
    private Range claim() throws InterruptedException {
      synchronized (lock) {
        while (!stopped) {
          for (Range r : open) {
            if (!r.claimed) {
              r.claimed = true;
              return r;
            }
          }
          Range split = splitBusiest();
          if (split != null) {
            split.claimed = true;
            return split;
          }
          if (unclaimedOrActive == 0) {
            return null;
          }
          lock.wait();
        }
        return null;
      }
    }

    private Range splitBusiest() {
      double needed = rangesToFillBudget.getAsDouble();
      int walking = walking();
      if (needed > 0 && walking >= needed * RANGES_HEADROOM + 1) {
        return null;
      }
      Range busiest = null;
      boolean starved = starvedSplits < parallelism && walking < Math.min(parallelism, needed);
      double most = starved ? MIN_ITEMS_TO_SPLIT_WHEN_STARVED : MIN_ITEMS_TO_SPLIT;
      for (Range r : open) {
        double ahead = r.estimatedRemaining();
        if (ahead > most) {
          most = ahead;
          busiest = r;
        }
      }
      if (busiest == null) {
        return null;
      }
      long mid = busiest.lo + (busiest.cursorCreated - busiest.lo) / 2;
      if (mid <= busiest.lo || mid >= busiest.cursorCreated) {
        return null;
      }
      if (most <= MIN_ITEMS_TO_SPLIT) {
        starvedSplits++; // allowed only because the walk is starved
      }
      Range older = new Range(busiest.lo, mid);
      busiest.lo = mid;
      open.add(older);
      all.add(older);
      unclaimedOrActive++;
      return older;
    }

    /** How many ranges are being walked. */
    private int walking() {
      int walking = 0;
      for (Range r : open) {
        if (r.claimed) {
          walking++;
        }
      }
      return walking;
    }

    private void walk(Range range) throws StripeException, InterruptedException {
      String cursor = null;
      while (true) {
        long lo;
        long hi;
        synchronized (lock) {
          if (stopped) {
            return; // stopped early: what this range still holds is computed from what was consumed
          }
          lo = range.lo;
          hi = range.hi;
        }
        SubscriptionPage page =
            reader.listSubscriptions(
                new CreatedRange(Instant.ofEpochSecond(lo), hi == Long.MAX_VALUE ? null : Instant.ofEpochSecond(hi)),
                cursor);
        List<StripeSubscription> mine = new ArrayList<>(page.subscriptions().size());
        boolean done;
        synchronized (lock) {
          for (StripeSubscription s : page.subscriptions()) {
            long created = s.created().getEpochSecond();
            if (created >= range.lo && created < range.hi) {
              mine.add(s);
            }
          }
          range.recordPage(page, mine.size());
          done = !page.hasMore() || range.cursorCreated < range.lo || page.subscriptions().isEmpty();
          if (done) {
            // not yet counted as finished: the range counts until its last page is queued (see maybeFinish)
            open.remove(range);
          }
          lock.notifyAll();
        }
        if (done) {
          probe.beforeLastPageHanded(new Span(range.lo, range.hi));
        }
        if (!mine.isEmpty() || done) {
          long through = page.subscriptions().isEmpty()
              ? range.lo
              : page.subscriptions().get(page.subscriptions().size() - 1).created().getEpochSecond();
          put(new PageMessage(new SubscriptionPage(mine, page.customers(), false, page.lastId()), range, through,
              done));
        }
        if (done) {
          maybeFinish();
          probe.afterLastPageHanded(new Span(range.lo, range.hi));
          return;
        }
        cursor = page.lastId();
      }
    }

    /**
     * Counts a range as finished only after its last page is in the queue, so the end of the walk is queued after
     * every page: counted earlier, another worker finishing the last range could queue the end first and the
     * consumer would stop before the last page of this range.
     */
    private void maybeFinish() throws InterruptedException {
      boolean finished;
      synchronized (lock) {
        unclaimedOrActive--;
        finished = unclaimedOrActive == 0;
        lock.notifyAll();
      }
      if (finished) {
        put(new EndMessage());
      }
    }

    private void put(Message m) throws InterruptedException {
      while (!pages.offer(m, 100, TimeUnit.MILLISECONDS)) {
        synchronized (lock) {
          if (stopped) {
            return;
          }
        }
      }
    }

    void fail(StripeException e) {
      failWith(new FailureMessage(e, null));
    }

    void fail(RuntimeException e) {
      failWith(new FailureMessage(null, e));
    }

    private void failWith(FailureMessage failure) {
      synchronized (lock) {
        stopped = true;
        lock.notifyAll();
      }
      pages.clear();
      pages.offer(failure);
    }

    void stop() {
      synchronized (lock) {
        stopped = true;
        lock.notifyAll();
      }
    }

    <E extends Exception> Outcome drain(
        PageConsumer<? extends E> consumer, BooleanSupplier stopRequested, IdleWork<? extends E> idle,
        Progress<? extends E> progress)
        throws E, StripeException, InterruptedException {
      boolean idleWorkLeft = true;
      while (true) {
        Message m = pages.poll();
        if (m == null && idleWorkLeft) {
          idleWorkLeft = idle.step();
          continue;
        }
        if (m == null) {
          m = pages.take();
        }
        if (m instanceof FailureMessage failure) {
          failure.rethrow();
        }
        if (m instanceof EndMessage) {
          return new Outcome(List.of());
        }
        PageMessage page = (PageMessage) m; // the third and last kind of message
        boolean handed = !page.page().subscriptions().isEmpty() || !page.page().customers().isEmpty();
        if (handed) {
          consumer.accept(page.page());
        }
        synchronized (lock) {
          page.range().consumed(page.through(), page.last());
        }
        progress.pageTaken(ListingCoverage.ofRemaining(remaining()));
        if (handed && stopRequested.getAsBoolean()) {
          stop();
          return new Outcome(remaining());
        }
      }
    }

    /** The spans not yet handed to the consumer, in the order of {@link #all}. */
    private List<Span> remaining() {
      synchronized (lock) {
        List<Span> left = new ArrayList<>();
        for (Range r : all) {
          long hi = r.consumedThrough == Long.MIN_VALUE ? r.hi : Math.min(r.hi, r.consumedThrough + 1);
          if (!r.consumedAll && r.lo < hi) {
            left.add(new Span(r.lo, hi));
          }
        }
        return left;
      }
    }
  }

  /** What the workers hand the consumer: a page, the end of the walk, or the failure that ended it. */
  private sealed interface Message permits PageMessage, EndMessage, FailureMessage {}

  /**
   * Part of a range's walk: {@code through} is the created second the page's cursor reached (everything of its range
   * newer than that is in this or earlier pages), {@code last} whether the range is done with it.
   */
  private record PageMessage(SubscriptionPage page, Range range, long through, boolean last) implements Message {}

  /** Every range is walked. */
  private record EndMessage() implements Message {}

  /** A worker failed; exactly one of the two is set. The walk is over. */
  private record FailureMessage(StripeException stripe, RuntimeException unexpected) implements Message {
    void rethrow() throws StripeException {
      if (stripe != null) {
        throw stripe;
      }
      throw unexpected;
    }
  }

  /** A created range {@code [lo, hi)} in epoch seconds, and what its walk has seen so far. */
  private static final class Range {
    long lo;
    final long hi;
    boolean claimed;
    long firstCreated = -1;
    long cursorCreated;
    long itemsSeen;
    /** The created second up to which (inclusive, newest-first) the consumer has taken this range's pages. */
    long consumedThrough = Long.MIN_VALUE;
    boolean consumedAll;

    Range(long lo, long hi) {
      this.lo = lo;
      this.hi = hi;
      this.cursorCreated = hi;
    }

    void consumed(long through, boolean last) {
      consumedThrough = consumedThrough == Long.MIN_VALUE ? through : Math.min(consumedThrough, through);
      consumedAll |= last;
    }

    void recordPage(SubscriptionPage page, int kept) {
      if (page.subscriptions().isEmpty()) {
        cursorCreated = lo - 1;
        return;
      }
      long last = page.subscriptions().get(page.subscriptions().size() - 1).created().getEpochSecond();
      if (firstCreated < 0) {
        firstCreated = page.subscriptions().get(0).created().getEpochSecond();
      }
      cursorCreated = last;
      itemsSeen += kept;
    }

    /** Subscriptions still ahead of the cursor, from the density seen so far; 0 until a page was read. */
    double estimatedRemaining() {
      if (itemsSeen == 0 || cursorCreated <= lo) {
        return 0;
      }
      double seenSpan = Math.max(1, firstCreated - cursorCreated);
      return itemsSeen / seenSpan * (cursorCreated - lo);
    }
  }
}
