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
    if (!sorted) {
      Arrays.sort(fingerprints, 0, size);
      sorted = true;
    }
    return Arrays.binarySearch(fingerprints, 0, size, fingerprint(subscriptionId)) >= 0;
  }

  int size() {
    return size;
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
