package com.subscriptionreconciler.run;

import com.stripe.exception.StripeException;
import java.sql.SQLException;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.SubscriptionPlanner;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Plans subscriptions again from fresh Stripe and database reads, after a conditional write lost a race with the
 * application: a targeted scan of just those subscriptions, collected apart from the run's own plan.
 */
final class FreshReplanner implements PlanApplication.Replanner {
  private final StripeAccountReader reader;
  private final BillingReads reads;
  private final ExecutorService retrievals;
  private final ReconcileRules rules;
  private final Instant now;

  FreshReplanner(
      StripeAccountReader reader, BillingReads reads, ExecutorService retrievals, ReconcileRules rules,
      Instant now) {
    this.reader = reader;
    this.reads = reads;
    this.retrievals = retrievals;
    this.rules = rules;
    this.now = now;
  }

  @Override
  public Plan replan(Set<String> subscriptionIds) throws SQLException, StripeException {
    PlanCollector fresh = new PlanCollector();
    ScanContext scan = new ScanContext(reader, reads, new SubscriptionPlanner(rules, now),
        new OrphanConfirmer(reader, retrievals), fresh);
    new TargetedScan(scan).run(List.of(), List.of(), subscriptionIds);
    return fresh.merged();
  }
}
