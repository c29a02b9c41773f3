package com.subscriptionreconciler.run;

import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.report.RunReport.ItemError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the collection phase of a run found: the batch plans, the customers Stripe reports deleted, per-item
 * errors, and an early abort (when the orphan sweep alone would trip the safety guard). Single-threaded: only the
 * run's consumer thread touches it.
 */
final class PlanCollector {
  private final List<Plan> plans = new ArrayList<>();
  private final Set<String> deletedCustomers = new HashSet<>();
  private final List<ItemError> errors = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String abortReason;
  private long plannedSubscriptionChanges;
  private long checked;

  void add(Plan plan) {
    plans.add(plan);
    plannedSubscriptionChanges += plan.subscriptionChanges();
    checked += plan.checked();
  }

  /** What this invocation's collection checked and planned so far, without merging every plan. */
  RunningTotals totals() {
    return new RunningTotals(checked, plannedSubscriptionChanges);
  }

  void customers(Collection<StripeCustomer> customers) {
    for (StripeCustomer c : customers) {
      if (c.deleted()) {
        deletedCustomers.add(c.id());
      }
    }
  }

  /** Reading one Stripe subscription failed: recorded, the run goes on without it. */
  void subscriptionFailed(String subscriptionId, Exception e) {
    errors.add(ItemError.ofStripeObject("subscription", subscriptionId, message(e)));
  }

  /** Reading one Stripe customer's subscriptions failed: recorded, the run goes on without them. */
  void customerFailed(String customerId, Exception e) {
    errors.add(ItemError.ofStripeObject("customer", customerId, message(e)));
  }

  /** One planned change could not be written: named by its Stripe id, or by its row when it has none. */
  void error(EntityChange change, String reason) {
    String why = Redactor.redact(reason);
    if (change.entity() == Entity.SUBSCRIPTION && change.stripeId() != null) {
      errors.add(ItemError.ofStripeObject(change.entity().wireName(), change.stripeId(), why));
    } else {
      errors.add(new ItemError(change.entity().wireName() + " " + change.entityId(), change.entity().wireName(),
          change.stripeId(), why));
    }
  }

  private static String message(Exception e) {
    return Redactor.redact(String.valueOf(e.getMessage()));
  }

  void note(String warning) {
    notes.add(warning);
  }

  void abort(String reason) {
    this.abortReason = reason;
  }

  Plan merged() {
    return Plan.mergeAll(plans);
  }

  Set<String> deletedCustomers() {
    return Set.copyOf(deletedCustomers);
  }

  List<ItemError> errors() {
    return List.copyOf(errors);
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  String abortReason() {
    return abortReason;
  }
}
