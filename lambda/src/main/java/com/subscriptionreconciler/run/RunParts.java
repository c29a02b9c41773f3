package com.subscriptionreconciler.run;

import com.stripe.StripeClient;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.plan.OrganizationPlanner;
import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.plan.SubscriptionPlanner;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.store.PlanWriter;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;

/**
 * What the phases of one reconciliation share, wired once when it starts: the adapters, the planners, where the
 * plan is collected and how it is applied. Closing it stops the run's Stripe retrieval threads.
 *
 * @param now the run's start: the planners' clock, so one run decides against one instant
 */
record RunParts(
    Instant now,
    StripeAccountReader reader,
    ExecutorService retrievals,
    BillingReads reads,
    PlanCollector collector,
    ScanContext scan,
    RunGuard guard,
    OrganizationDerivation derivation,
    PlanApplication application,
    PlanApplication.Replanner replanner,
    EarlyWrites early) implements AutoCloseable {

  static RunParts open(
      RunRequest request, RunReportBuilder report, DataSource dataSource, StatementCounter statements,
      StripeClient stripe, ReconcileRules rules, int parallelism, BillingSchema schema, boolean neverReconciled,
      WriteGate gate) {
    Instant now = report.startedAt();
    ExecutorService retrievals = DaemonThreads.fixedPool(parallelism, "stripe-retrieve");
    try {
      StripeAccountReader reader = StripeAccountReader.openReadingCatalogAlongside(stripe, retrievals);
      BillingReads reads = new BillingReads(dataSource, statements, schema);
      PlanCollector collector = new PlanCollector();
      ScanContext scan = new ScanContext(reader, reads, new SubscriptionPlanner(rules, now),
          new OrphanConfirmer(reader, retrievals), collector);
      PlanApplication application =
          new PlanApplication(report.runId(), now, new PlanWriter(dataSource, statements, schema), collector, gate);
      OrganizationDerivation derivation = new OrganizationDerivation(reads, new OrganizationPlanner(rules, now),
          application, collector, request.dryRun());
      PlanApplication.Replanner replanner = new FreshReplanner(scan);
      EarlyWrites early = new EarlyWrites(collector, application, replanner, !request.dryRun());
      return new RunParts(now, reader, retrievals, reads, collector, scan, RunGuard.forRequest(new SafetyGuard(rules, neverReconciled), request),
          derivation, application, replanner, early);
    } catch (RuntimeException e) {
      retrievals.shutdownNow();
      throw e;
    }
  }

  @Override
  public void close() {
    retrievals.shutdownNow();
  }
}
