package com.subscriptionreconciler.emulator;

import java.util.Comparator;

/**
 * Position of an object in a list: newest first by {@code created}, ties broken by id descending so
 * that cursors stay stable even when thousands of objects share one second.
 */
record SortKey(long created, String id) {

  /** Sorts before every real key of {@code created} (ids are never empty-greater than this). */
  static final String MAX_ID = "\uffff";

  static final Comparator<SortKey> NEWEST_FIRST =
      Comparator.comparingLong(SortKey::created).reversed()
          .thenComparing(SortKey::id, Comparator.reverseOrder());

  static SortKey of(Stored object) {
    return new SortKey(object.created(), object.id());
  }

  /** The first key (in list order) with this {@code created}. */
  static SortKey newestAt(long created) {
    return new SortKey(created, MAX_ID);
  }

  /** The last key (in list order) with this {@code created}. */
  static SortKey oldestAt(long created) {
    return new SortKey(created, "");
  }
}
