package com.subscriptionreconciler.stripe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which {@code created} seconds a listing has already handed over in full, as the complement of the spans it
 * still has to walk: a subscription created in a covered second and not handed over does not exist (or was
 * created after the listing passed that second). Only grows while a walk goes on.
 */
public final class ListingCoverage {
  /** Nothing covered yet: the whole account is still ahead. */
  public static final ListingCoverage NONE = ofRemaining(List.of(PartitionedLister.Span.all()));

  /** The spans still to walk, sorted and merged (no two touch). */
  private final List<PartitionedLister.Span> remaining;

  private ListingCoverage(List<PartitionedLister.Span> remaining) {
    this.remaining = remaining;
  }

  /** The coverage of a walk whose still unwalked spans are {@code remaining} (in any order, may touch). */
  public static ListingCoverage ofRemaining(List<PartitionedLister.Span> remaining) {
    List<PartitionedLister.Span> sorted = new ArrayList<>(remaining);
    sorted.sort(Comparator.comparingLong(PartitionedLister.Span::lo));
    List<PartitionedLister.Span> merged = new ArrayList<>();
    for (PartitionedLister.Span span : sorted) {
      PartitionedLister.Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && span.lo() <= last.hi()) {
        merged.set(merged.size() - 1, new PartitionedLister.Span(last.lo(), Math.max(last.hi(), span.hi())));
      } else {
        merged.add(span);
      }
    }
    return new ListingCoverage(List.copyOf(merged));
  }

  /** Whether every second of {@code [lo, hi)} is covered. */
  public boolean covers(long lo, long hi) {
    int i = firstEndingAfter(lo);
    return i == remaining.size() || remaining.get(i).lo() >= hi;
  }

  /** The seconds covered now that {@code earlier} (a coverage of the same walk, taken before) did not cover. */
  public List<PartitionedLister.Span> coveredSince(ListingCoverage earlier) {
    List<PartitionedLister.Span> gained = new ArrayList<>();
    for (PartitionedLister.Span was : earlier.remaining) {
      long from = was.lo();
      for (int i = firstEndingAfter(from); i < remaining.size() && remaining.get(i).lo() < was.hi(); i++) {
        PartitionedLister.Span still = remaining.get(i);
        if (still.lo() > from) {
          gained.add(new PartitionedLister.Span(from, still.lo()));
        }
        from = Math.max(from, still.hi());
      }
      if (from < was.hi()) {
        gained.add(new PartitionedLister.Span(from, was.hi()));
      }
    }
    return gained;
  }

  /** Index of the first remaining span whose end lies after {@code second}. */
  private int firstEndingAfter(long second) {
    int lo = 0;
    int hi = remaining.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (remaining.get(mid).hi() <= second) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
