package com.subscriptionreconciler.run.apply;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.run.collect.AccountListing;
import com.subscriptionreconciler.run.collect.PlanCollector;
import com.subscriptionreconciler.run.collect.ScanContext;
import com.subscriptionreconciler.run.collect.targeted.TargetedScan;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Plans subscriptions again from fresh Stripe and database reads, after a conditional write lost a race with the
 * application: a targeted scan of just those subscriptions with the run's own adapters and planner, collected
 * apart from the run's plan.
 */
public final class FreshReplanner implements PlanApplication.Replanner {
  private final ScanContext scan;

  public FreshReplanner(ScanContext scan) {
    this.scan = scan;
  }

  @Override
  public Plan replan(Set<String> subscriptionIds) throws SQLException, StripeException {
    PlanCollector fresh = new PlanCollector();
    try {
      new TargetedScan(scan.collectingInto(fresh), AccountListing.NEVER).run(List.of(), List.of(), subscriptionIds);
    } catch (InterruptedException e) {
      // only a listing waits interruptibly, and a re-plan never lists
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while re-reading subscriptions", e);
    }
    return fresh.merged();
  }
}
