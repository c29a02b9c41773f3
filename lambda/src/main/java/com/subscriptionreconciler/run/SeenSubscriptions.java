package com.subscriptionreconciler.run;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The subscription ids a full run saw in Stripe's listing, kept as sorted 64-bit fingerprints: 8 bytes each, so
 * a million-subscription account costs 8 MB instead of the ~100 MB a {@code HashSet<String>} would.
 *
 * <p>A fingerprint collision could only make an unseen row look seen, which skips its orphan check for one run
 * (the safe direction: nothing is archived by mistake); at 64 bits that is about one in 10^7 runs at 1M rows.
 */
final class SeenSubscriptions {
  private long[] fingerprints = new long[1024];
  private int size;
  private boolean sorted = true;

  void add(String subscriptionId) {
    if (size == fingerprints.length) {
      fingerprints = Arrays.copyOf(fingerprints, size * 2);
    }
    fingerprints[size++] = fingerprint(subscriptionId);
    sorted = false;
  }

  boolean contains(String subscriptionId) {
    return containsFingerprint(fingerprint(subscriptionId));
  }

  boolean containsFingerprint(long fingerprint) {
    if (!sorted) {
      Arrays.sort(fingerprints, 0, size);
      sorted = true;
    }
    return Arrays.binarySearch(fingerprints, 0, size, fingerprint) >= 0;
  }

  int size() {
    return size;
  }

  /** A set holding these fingerprints (from {@link #sortedFingerprints()} of an earlier invocation of the run). */
  static SeenSubscriptions of(long[] fingerprints) {
    SeenSubscriptions seen = new SeenSubscriptions();
    seen.fingerprints = fingerprints.length == 0 ? new long[1024] : Arrays.copyOf(fingerprints, fingerprints.length);
    seen.size = fingerprints.length;
    seen.sorted = false;
    return seen;
  }

  /** The fingerprints, sorted: what a resumable run carries into its next invocation. */
  long[] sortedFingerprints() {
    long[] copy = Arrays.copyOf(fingerprints, size);
    Arrays.sort(copy);
    return copy;
  }

  /** This set and {@code other} together. */
  SeenSubscriptions union(SeenSubscriptions other) {
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
