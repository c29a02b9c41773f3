package com.subscriptionreconciler.run.collect;

import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.report.RunReport.ItemError;
import com.subscriptionreconciler.run.Redactor;
import com.subscriptionreconciler.run.guard.RunningTotals;
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
public final class PlanCollector {
  private final List<Plan> plans = new ArrayList<>();
  private final Set<String> deletedCustomers = new HashSet<>();
  private final List<ItemError> errors = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String abortReason;
  private long plannedSubscriptionChanges;
  private long checked;

  public void add(Plan plan) {
    plans.add(plan);
    plannedSubscriptionChanges += plan.subscriptionChanges();
    checked += plan.checked();
  }

  /** What this invocation's collection checked and planned so far, without merging every plan. */
  public RunningTotals totals() {
    return new RunningTotals(checked, plannedSubscriptionChanges);
  }

  public void customers(Collection<StripeCustomer> customers) {
    for (StripeCustomer c : customers) {
      if (c.deleted()) {
        deletedCustomers.add(c.id());
      }
    }
  }

  /** Reading one Stripe subscription failed: recorded, the run goes on without it. */
  public void subscriptionFailed(String subscriptionId, Exception e) {
    errors.add(ItemError.ofStripeObject("subscription", subscriptionId, message(e)));
  }

  /** Reading one Stripe customer's subscriptions failed: recorded, the run goes on without them. */
  public void customerFailed(String customerId, Exception e) {
    errors.add(ItemError.ofStripeObject("customer", customerId, message(e)));
  }

  /** One planned change could not be written: named by its Stripe id, or by its row when it has none. */
  public void error(EntityChange change, String reason) {
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

  public void note(String warning) {
    notes.add(warning);
  }

  public void abort(String reason) {
    this.abortReason = reason;
  }

  public Plan merged() {
    return Plan.mergeAll(plans);
  }

  public Set<String> deletedCustomers() {
    return Set.copyOf(deletedCustomers);
  }

  public List<ItemError> errors() {
    return List.copyOf(errors);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  public String abortReason() {
    return abortReason;
  }
}
