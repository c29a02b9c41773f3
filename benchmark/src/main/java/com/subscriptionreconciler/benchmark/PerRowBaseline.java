package com.subscriptionreconciler.benchmark;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionBatch;
import com.subscriptionreconciler.plan.SubscriptionPlanner;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.store.PlanWriter;
import com.subscriptionreconciler.store.RunRecords;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import com.subscriptionreconciler.stripe.SubscriptionPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * The approach of the reference material, in this harness: walk the database rows (keyset on id), and for each
 * batch of {@code batchSize} rows retrieve every row's subscription by id CONCURRENTLY (as the reference's
 * {@code Promise.all}), compare and update the rows, then pause {@code pause} before the next batch.
 *
 * <p>Comparison and writes reuse the engine's planner and writer, so the baseline differs from the engine only
 * in how it talks to Stripe. Like the reference it only sees rows the database has: subscriptions missing
 * from the database are never found (the engine's listing finds them).
 */
final class PerRowBaseline {

  record Outcome(long rows, long batches, long updated, long archived, long inserted) {}

  private final DataSource dataSource;
  private final StatementCounter statements;
  private final StripeAccountReader stripe;
  private final ExecutorService retrievers;
  private final ReconcileRules rules;
  private final int batchSize;
  private final long pauseMillis;

  PerRowBaseline(DataSource dataSource, StatementCounter statements, StripeAccountReader stripe,
      ExecutorService retrievers, ReconcileRules rules, int batchSize, long pauseMillis) {
    this.dataSource = dataSource;
    this.statements = statements;
    this.stripe = stripe;
    this.retrievers = retrievers;
    this.rules = rules;
    this.batchSize = batchSize;
    this.pauseMillis = pauseMillis;
  }

  Outcome run(String runId) throws Exception {
    Instant now = Instant.now();
    // the audit rows reference a run row, as the engine's do
    new RunRecords(dataSource, statements).start(runId, Trigger.CLI, Mode.FULL, false, now, null);
    BillingReads reads = new BillingReads(dataSource, statements);
    PlanWriter writer = new PlanWriter(dataSource, statements);
    SubscriptionPlanner planner = new SubscriptionPlanner(rules, now);
    long rows = 0;
    long batches = 0;
    Map<Action, Long> applied = new LinkedHashMap<>();
    long afterId = 0;
    while (true) {
      List<BillingReads.SubscriptionKey> keys = reads.liveSubscriptionKeysAfter(afterId, batchSize);
      if (keys.isEmpty()) {
        break;
      }
      afterId = keys.get(keys.size() - 1).id();
      Plan plan = planner.plan(batchOf(keys, reads));
      for (var write : writer.apply(runId, plan.changesOf(Entity.SUBSCRIPTION), now).applied()) {
        applied.merge(write.change().action(), 1L, Long::sum);
      }
      rows += keys.size();
      batches++;
      Thread.sleep(pauseMillis); // the reference's rate-limit "protection": production behaviour, not a test wait
    }
    return new Outcome(rows, batches, applied.getOrDefault(Action.UPDATE, 0L),
        applied.getOrDefault(Action.ARCHIVE, 0L), applied.getOrDefault(Action.INSERT, 0L));
  }

  private SubscriptionBatch batchOf(List<BillingReads.SubscriptionKey> keys, BillingReads reads) throws Exception {
    List<Future<Optional<SubscriptionPage>>> pending = new ArrayList<>();
    for (BillingReads.SubscriptionKey key : keys) {
      pending.add(retrievers.submit(() -> stripe.retrieveSubscription(key.stripeSubscriptionId())));
    }
    List<StripeSubscription> subscriptions = new ArrayList<>();
    List<StripeCustomer> customers = new ArrayList<>();
    Set<String> missing = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      Optional<SubscriptionPage> page = pending.get(i).get();
      if (page.isPresent()) {
        subscriptions.addAll(page.get().subscriptions());
        customers.addAll(page.get().customers());
      } else {
        missing.add(keys.get(i).stripeSubscriptionId());
      }
    }
    List<SubscriptionRow> rows = reads.subscriptionsByIds(keys.stream().map(BillingReads.SubscriptionKey::id).toList());
    Set<Long> organizationIds = new HashSet<>();
    rows.forEach(r -> organizationIds.add(r.organizationId()));
    List<OrganizationRow> organizations = reads.organizationsByIds(List.copyOf(organizationIds));
    return new SubscriptionBatch(subscriptions, rows, organizations, customers, missing);
  }
}
