package com.subscriptionreconciler.run.collect;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionPlanner;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every scan of a run shares: the Stripe and database adapters, the planner, and where results go. Also the
 * one implementation of "confirm these rows with Stripe, then plan them", used by the full run's orphan sweep and
 * by targeted runs alike.
 */
public record ScanContext(
    StripeAccountReader reader,
    BillingReads reads,
    SubscriptionPlanner planner,
    OrphanConfirmer confirmer,
    PlanCollector out) {

  public static final int CONFIRM_CHUNK = 100;
  static final int CONFIRM_LOOKAHEAD = 2;

  /** The same adapters and planner, with results going to {@code other} (a re-plan kept apart from the run's). */
  public ScanContext collectingInto(PlanCollector other) {
    return new ScanContext(reader, reads, planner, confirmer, other);
  }

  /** Plans Stripe subscriptions against the database state that belongs to them. */
  public void plan(List<StripeSubscription> subscriptions, List<StripeCustomer> customers) throws SQLException {
    if (subscriptions.isEmpty()) {
      return;
    }
    DatabaseSnapshot snapshot =
        DatabaseSnapshot.read(reads, ids(subscriptions), customerIds(subscriptions), List.of());
    out.add(planner.plan(snapshot.batch(subscriptions, customers, List.of(), Set.of())));
  }

  /**
   * Retrieves the given rows' subscriptions from Stripe and plans them: missing ones are confirmed orphans,
   * found ones are reconciled, failures on one subscription are recorded and skipped.
   */
  public void confirmAndPlan(List<SubscriptionRow> rows) throws SQLException, StripeException {
    Iterator<List<SubscriptionRow>> chunks = chunks(rows, CONFIRM_CHUNK).iterator();
    confirmAndPlan(() -> chunks.hasNext() ? chunks.next() : null, IdleStep.NONE);
  }

  /** Supplies rows to confirm a chunk at a time (read lazily, e.g. from the database); null when done. */
  @FunctionalInterface
  public interface RowChunks {
    List<SubscriptionRow> next() throws SQLException;
  }

  /**
   * {@link #confirmAndPlan(List)} over chunks supplied one by one. The retrieves of the next
   * {@link #CONFIRM_LOOKAHEAD} chunks are already in flight while one chunk is planned, so the request budget stays
   * busy instead of draining at the end of every chunk. While it waits for answers this thread does {@code idle}
   * work.
   */
  public void confirmAndPlan(RowChunks source, IdleStep idle) throws SQLException, StripeException {
    Deque<InFlight> inFlight = new ArrayDeque<>();
    for (List<SubscriptionRow> chunk = source.next(); chunk != null; chunk = source.next()) {
      if (chunk.isEmpty()) {
        continue;
      }
      inFlight.add(startConfirming(chunk));
      if (inFlight.size() > CONFIRM_LOOKAHEAD) {
        planConfirmed(inFlight.poll(), idle);
      }
    }
    while (!inFlight.isEmpty()) {
      planConfirmed(inFlight.poll(), idle);
    }
  }

  /** The retrieves sent for a chunk of rows: planned with {@link #planConfirmed(List, OrphanConfirmer.Outcome)}. */
  public record InFlight(List<SubscriptionRow> rows, OrphanConfirmer.Pending retrieves) {}

  /** Sends the retrieves of {@code rows}' subscriptions, without waiting for them. */
  public InFlight startConfirming(List<SubscriptionRow> rows) {
    return new InFlight(rows, confirmer.start(rows.stream().map(SubscriptionRow::stripeSubscriptionId).toList()));
  }

  private void planConfirmed(InFlight chunk, IdleStep idle) throws SQLException, StripeException {
    planConfirmed(chunk.rows(), chunk.retrieves().outcome(idle));
  }

  /** Plans rows against what Stripe answered for them: missing ones are confirmed orphans, failed ones errors. */
  public void planConfirmed(List<SubscriptionRow> rows, OrphanConfirmer.Outcome outcome) throws SQLException {
    for (Map.Entry<String, StripeException> failure : outcome.failed().entrySet()) {
      out.subscriptionFailed(failure.getKey(), failure.getValue());
    }
    List<SubscriptionRow> planned =
        rows.stream().filter(r -> !outcome.failed().containsKey(r.stripeSubscriptionId())).toList();
    out.customers(outcome.customers());
    DatabaseSnapshot snapshot =
        DatabaseSnapshot.read(reads, ids(outcome.found()), customerIds(outcome.found()), planned);
    out.add(planner.plan(snapshot.batch(outcome.found(), outcome.customers(), planned, outcome.missing())));
  }

  public static List<String> ids(List<StripeSubscription> subscriptions) {
    return subscriptions.stream().map(StripeSubscription::id).toList();
  }

  /** Every customer identity of {@code subscriptions}: {@code customer} and {@code customer_account} ids. */
  public static Set<String> customerIds(List<StripeSubscription> subscriptions) {
    return subscriptions.stream()
        .flatMap(s -> s.customerIdentities().stream())
        .collect(Collectors.toCollection(HashSet::new));
  }

  public static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += size) {
      chunks.add(all.subList(from, Math.min(all.size(), from + size)));
    }
    return chunks;
  }
}
