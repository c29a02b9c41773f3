package com.subscriptionreconciler.run;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionPlanner;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every scan of a run shares: the Stripe and database adapters, the planner, and where results go. Also the
 * one implementation of "confirm these rows with Stripe, then plan them", used by the full run's orphan sweep and
 * by targeted runs alike.
 */
record ScanContext(
    StripeAccountReader reader,
    BillingReads reads,
    SubscriptionPlanner planner,
    OrphanConfirmer confirmer,
    PlanCollector out) {

  static final int CONFIRM_CHUNK = 100;

  /** Plans Stripe subscriptions against the database state that belongs to them. */
  void plan(List<StripeSubscription> subscriptions, List<StripeCustomer> customers) throws SQLException {
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
  void confirmAndPlan(List<SubscriptionRow> rows) throws SQLException, StripeException {
    for (int from = 0; from < rows.size(); from += CONFIRM_CHUNK) {
      List<SubscriptionRow> chunk = rows.subList(from, Math.min(rows.size(), from + CONFIRM_CHUNK));
      OrphanConfirmer.Outcome outcome =
          confirmer.confirm(chunk.stream().map(SubscriptionRow::stripeSubscriptionId).toList());
      for (Map.Entry<String, StripeException> failure : outcome.failed().entrySet()) {
        out.error(failure.getKey(), failure.getValue());
      }
      List<SubscriptionRow> planned =
          chunk.stream().filter(r -> !outcome.failed().containsKey(r.stripeSubscriptionId())).toList();
      out.customers(outcome.customers());
      DatabaseSnapshot snapshot =
          DatabaseSnapshot.read(reads, ids(outcome.found()), customerIds(outcome.found()), planned);
      out.add(planner.plan(snapshot.batch(outcome.found(), outcome.customers(), planned, outcome.missing())));
    }
  }

  static List<String> ids(List<StripeSubscription> subscriptions) {
    return subscriptions.stream().map(StripeSubscription::id).toList();
  }

  static Set<String> customerIds(List<StripeSubscription> subscriptions) {
    return subscriptions.stream()
        .map(StripeSubscription::customerId)
        .filter(c -> c != null)
        .collect(Collectors.toCollection(HashSet::new));
  }

  static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += size) {
      chunks.add(all.subList(from, Math.min(all.size(), from + size)));
    }
    return chunks;
  }
}
