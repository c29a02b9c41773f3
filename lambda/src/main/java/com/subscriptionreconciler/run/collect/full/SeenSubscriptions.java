package com.subscriptionreconciler.run.collect.full;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The subscription ids a full run saw in Stripe's listing, kept as sorted 64-bit fingerprints: 8 bytes each, so
 * a million-subscription account costs 8 MB instead of the ~100 MB a {@code HashSet<String>} would.
 *
 * <p>A fingerprint collision could only make an unseen row look seen, which skips its orphan check for one run
 * (the safe direction: nothing is archived by mistake); at 64 bits that is about one in 10^7 runs at 1M rows.
 */
public final class SeenSubscriptions {
  private long[] fingerprints = new long[1024];
  private int size;
  /** How many fingerprints from the start are sorted; the ones added after them are not yet. */
  private int sortedPrefix;

  public void add(String subscriptionId) {
    if (size == fingerprints.length) {
      fingerprints = Arrays.copyOf(fingerprints, size * 2);
    }
    fingerprints[size++] = fingerprint(subscriptionId);
  }

  public boolean contains(String subscriptionId) {
    return containsFingerprint(fingerprint(subscriptionId));
  }

  boolean containsFingerprint(long fingerprint) {
    sortNewlyAdded();
    return Arrays.binarySearch(fingerprints, 0, size, fingerprint) >= 0;
  }

  /**
   * Sorts what was added since the last lookup and merges it into the sorted prefix: a listing asks while it
   * still adds, so a lookup costs O(size + new·log new) rather than a sort of everything.
   */
  private void sortNewlyAdded() {
    if (sortedPrefix == size) {
      return;
    }
    Arrays.sort(fingerprints, sortedPrefix, size);
    if (sortedPrefix > 0 && fingerprints[sortedPrefix - 1] > fingerprints[sortedPrefix]) {
      long[] merged = new long[fingerprints.length];
      int a = 0;
      int b = sortedPrefix;
      int out = 0;
      while (a < sortedPrefix && b < size) {
        merged[out++] = fingerprints[a] <= fingerprints[b] ? fingerprints[a++] : fingerprints[b++];
      }
      System.arraycopy(fingerprints, a, merged, out, sortedPrefix - a);
      out += sortedPrefix - a;
      System.arraycopy(fingerprints, b, merged, out, size - b);
      fingerprints = merged;
    }
    sortedPrefix = size;
  }

  public int size() {
    return size;
  }

  /** A set holding these fingerprints (from {@link #sortedFingerprints()} of an earlier invocation of the run). */
  public static SeenSubscriptions of(long[] fingerprints) {
    SeenSubscriptions seen = new SeenSubscriptions();
    seen.fingerprints = fingerprints.length == 0 ? new long[1024] : Arrays.copyOf(fingerprints, fingerprints.length);
    seen.size = fingerprints.length;
    seen.sortedPrefix = 0;
    return seen;
  }

  /** The fingerprints, sorted: what a resumable run carries into its next invocation. */
  public long[] sortedFingerprints() {
    long[] copy = Arrays.copyOf(fingerprints, size);
    Arrays.sort(copy);
    return copy;
  }

  /** This set and {@code other} together. */
  public SeenSubscriptions union(SeenSubscriptions other) {
    long[] mine = sortedFingerprints();
    long[] theirs = other.sortedFingerprints();
    long[] both = Arrays.copyOf(mine, mine.length + theirs.length);
    System.arraycopy(theirs, 0, both, mine.length, theirs.length);
    return of(both);
  }

  /** FNV-1a, 64-bit: fast, well spread for short ASCII ids. */
  static long fingerprint(String id) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
