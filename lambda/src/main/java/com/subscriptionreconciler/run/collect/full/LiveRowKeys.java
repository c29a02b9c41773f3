package com.subscriptionreconciler.run.collect.full;

import com.subscriptionreconciler.store.BillingReads;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The live rows that name a Stripe subscription, as (row id, fingerprint of the subscription id, the row's
 * created second) triples: what the orphan sweep compares with the listing. Read a keyset page at a time, so a
 * full run can read them while it waits for Stripe's pages instead of after the listing; 24 bytes a row (24 MB at
 * a million rows).
 *
 * <p>A row that becomes live after its page was read is not swept in this run (the next run sweeps it); a row
 * archived meanwhile is dropped when the candidates are read again before confirming.
 */
final class LiveRowKeys {
  static final int PAGE = 5000;
  static final long UNKNOWN_CREATED = Long.MIN_VALUE;

  private final BillingReads reads;
  private long[] rowIds = new long[PAGE];
  private long[] fingerprints = new long[PAGE];
  /** {@link #UNKNOWN_CREATED} where the row has no created time. */
  private long[] createdSeconds = new long[PAGE];
  private int size;
  private long afterId;
  private boolean complete;

  LiveRowKeys(BillingReads reads) {
    this.reads = reads;
  }

  /** Reads the next page; false once every page is read. */
  boolean readNextPage() throws SQLException {
    if (complete) {
      return false;
    }
    List<BillingReads.SubscriptionKey> keys = reads.liveSubscriptionKeysAfter(afterId, PAGE);
    if (size + keys.size() > rowIds.length) {
      int capacity = Math.max(rowIds.length * 2, size + keys.size());
      rowIds = Arrays.copyOf(rowIds, capacity);
      fingerprints = Arrays.copyOf(fingerprints, capacity);
      createdSeconds = Arrays.copyOf(createdSeconds, capacity);
    }
    for (BillingReads.SubscriptionKey key : keys) {
      rowIds[size] = key.id();
      fingerprints[size] = SeenSubscriptions.fingerprint(key.stripeSubscriptionId());
      createdSeconds[size] = key.createdAt() == null ? UNKNOWN_CREATED : key.createdAt().getEpochSecond();
      size++;
    }
    complete = keys.size() < PAGE;
    if (!keys.isEmpty()) {
      afterId = keys.get(keys.size() - 1).id();
    }
    return !complete;
  }

  /** Whether every page is read. */
  boolean complete() {
    return complete;
  }

  /** How many rows are read so far; the accessors below take an index below it. */
  int size() {
    return size;
  }

  long rowId(int index) {
    return rowIds[index];
  }

  long fingerprint(int index) {
    return fingerprints[index];
  }

  /** The row's created time in epoch seconds, or {@link #UNKNOWN_CREATED}. */
  long createdSecond(int index) {
    return createdSeconds[index];
  }

  /** Row ids, in id order, of the live rows whose subscription the listing did not show. */
  List<Long> unseenBy(SeenSubscriptions seen) throws SQLException {
    while (readNextPage()) {
      // the listing ended before the idle reads did: read the rest now
    }
    List<Long> unseen = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (!seen.containsFingerprint(fingerprints[i])) {
        unseen.add(rowIds[i]);
      }
    }
    return unseen;
  }
}
