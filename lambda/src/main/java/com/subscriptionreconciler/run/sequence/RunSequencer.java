package com.subscriptionreconciler.run.sequence;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.incremental.Checkpoint;
import com.subscriptionreconciler.incremental.CheckpointStore;
import com.subscriptionreconciler.incremental.EventFeed;
import com.subscriptionreconciler.incremental.NextCheckpoint;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.OrganizationPlanner;
import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.plan.SubscriptionPlanner;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.Deadline;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.StripeSide;
import com.subscriptionreconciler.run.apply.ChangeTally;
import com.subscriptionreconciler.run.apply.EarlyWrites;
import com.subscriptionreconciler.run.apply.FreshReplanner;
import com.subscriptionreconciler.run.apply.PlanApplication;
import com.subscriptionreconciler.run.apply.WriteGate;
import com.subscriptionreconciler.run.collect.AccountListing;
import com.subscriptionreconciler.run.collect.CollectJob;
import com.subscriptionreconciler.run.collect.Collected;
import com.subscriptionreconciler.run.collect.OrphanConfirmer;
import com.subscriptionreconciler.run.collect.PlanCollector;
import com.subscriptionreconciler.run.collect.ScanContext;
import com.subscriptionreconciler.run.collect.WhileStripeWaits;
import com.subscriptionreconciler.run.collect.full.FullRunJob;
import com.subscriptionreconciler.run.collect.targeted.IncrementalRunJob;
import com.subscriptionreconciler.run.collect.targeted.TargetedRunJob;
import com.subscriptionreconciler.run.derive.OrganizationDerivation;
import com.subscriptionreconciler.run.derive.OrganizationPrescreen;
import com.subscriptionreconciler.run.guard.RunGuard;
import com.subscriptionreconciler.run.lifecycle.ResumeState;
import com.subscriptionreconciler.run.lifecycle.RunReportBuilder;
import com.subscriptionreconciler.run.lifecycle.WaitingRunPolicy;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.store.FirstRun;
import com.subscriptionreconciler.store.PlanWriter;
import com.subscriptionreconciler.store.RunHistory;
import com.subscriptionreconciler.store.RunRecords;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.stripe.PacedHttpClient;
import com.subscriptionreconciler.stripe.PartitionedLister;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;

/**
 * One reconciliation under the lock: refuses a fresh full run a waiting run forbids, wires the run's parts once
 * (adapters, planner, guard, application, derivation) and hands them to a {@link RunSequence}, which calls the
 * stages in order: <b>collect</b>, <b>guard</b>, <b>apply</b>, <b>derive</b> and <b>record</b>. The run row
 * itself is {@link RunLifecycle}'s.
 */
final class RunSequencer {
  private final DataSource dataSource;
  private final BillingSchema schema;
  private final StatementCounter statements;
  private final StripeClient stripe;
  private final PacedHttpClient transport;
  private final int parallelism;
  private final ReconcileRules rules;
  private final WaitingRunPolicy waitingRuns;

  /** @param statements counts the SQL statements the engine sends (benchmarks and tests read it) */
  RunSequencer(
      DataSource dataSource, BillingSchema schema, StatementCounter statements, StripeSide stripe,
      ReconcileRules rules) {
    this.dataSource = dataSource;
    this.schema = schema;
    this.statements = statements;
    this.stripe = stripe.client();
    this.transport = stripe.transport();
    this.parallelism = stripe.parallelism();
    this.rules = rules;
    // with several Stripe accounts, the schema reads one account's rows; waiting runs are that account's too
    this.waitingRuns = new WaitingRunPolicy(
        new RunHistory(dataSource, statements).scopedTo(schema.accountScope()), new RunRecords(dataSource, statements));
  }

  /**
   * @param resumed present when this invocation continues a paused full run
   * @return where the run stands when it stopped at its deadline (and was not aborted); empty when it finished
   */
  Optional<ResumeState> run(
      RunRequest request, RunReportBuilder report, Deadline deadline, Optional<ResumeState> resumed, WriteGate gate)
      throws SQLException, StripeException, InterruptedException {
    if (resumed.isEmpty() && startsFreshFullRun(request)) {
      WaitingRunPolicy.Verdict verdict = waitingRuns.forFreshFullRun(report.runId(), report.startedAt());
      if (verdict instanceof WaitingRunPolicy.Verdict.Refused refused) {
        report.aborted(refused.reason());
        return Optional.empty();
      }
      ((WaitingRunPolicy.Verdict.GoAhead) verdict).warning().ifPresent(report::warning);
    }
    Instant now = report.startedAt(); // the planners' clock: one run decides against one instant
    CheckpointStore checkpoints = CheckpointStore.forAccount(dataSource, schema.accountScope());
    ExecutorService retrievals = DaemonThreads.fixedPool(parallelism, "stripe-retrieve");
    try {
      // the run's parts, wired once; each stage below is given only the ones it uses
      StripeAccountReader reader = StripeAccountReader.openReadingCatalogAlongside(stripe, retrievals);
      BillingReads reads = new BillingReads(dataSource, statements, schema);
      PlanCollector collector = new PlanCollector();
      ScanContext scan = new ScanContext(reader, reads, new SubscriptionPlanner(rules, now),
          new OrphanConfirmer(reader, retrievals), collector);
      RunGuard guard = RunGuard.forRequest(new SafetyGuard(rules, FirstRun.neverReconciled(dataSource, schema.accountScope())), request);
      PlanApplication application =
          new PlanApplication(report.runId(), now, new PlanWriter(dataSource, statements, schema), collector, gate);
      PlanApplication.Replanner replanner = new FreshReplanner(scan);
      EarlyWrites early = new EarlyWrites(collector, application, replanner, !request.dryRun());
      OrganizationDerivation derivation = new OrganizationDerivation(reads, new OrganizationPlanner(rules, now),
          application, collector, request.dryRun());
      OrganizationPrescreen prescreen = new OrganizationPrescreen(reads, derivation);

      CollectJob job = jobFor(request, resumed, request.dryRun() ? Deadline.none() : deadline, reader, guard,
          new WhileStripeWaits(prescreen::step, early::step), checkpoints, now);
      RunSequence.Derive derive = (wholeAccount, organizations, subscriptionChanges) -> derivation.deriveAndWrite(
          wholeAccount ? Optional.of(prescreen) : Optional.empty(), organizations, subscriptionChanges);
      return new RunSequence(() -> job.collect(scan), guard, new Writing(early, application, replanner), derive,
          new Recording(new WebhookHealthCheck(stripe), now, checkpoints, gate, report.runId()))
          .run(request, report, resumed, collector);
    } finally {
      retrievals.shutdownNow(); // the run's Stripe retrieval threads
    }
  }

  private CollectJob jobFor(
      RunRequest request, Optional<ResumeState> resumed, Deadline deadline, StripeAccountReader reader,
      RunGuard guard, WhileStripeWaits whileWaiting, CheckpointStore checkpoints, Instant now) {
    AccountListing listing = AccountListing.over(reader, transport, parallelism);
    if (request.targeted()) {
      return new TargetedRunJob(request, listing);
    }
    CollectJob full = new FullRunJob(resumed, deadline,
        new PartitionedLister(reader, parallelism, transport::concurrencyToFillBudget)
            .listingTestClocks(transport.sandbox()),
        guard, whileWaiting);
    return request.mode() == Mode.INCREMENTAL
        ? new IncrementalRunJob(checkpoints, new EventFeed(stripe), full, listing, now)
        : full;
  }

  private static boolean startsFreshFullRun(RunRequest request) {
    return request.mode() == Mode.FULL && !request.targeted() && !request.dryRun();
  }

  /** The apply stage as the sequence sees it: the early writes' leftovers, then the run's application. */
  private static final class Writing implements RunSequence.Apply {
    private final EarlyWrites early;
    private final PlanApplication application;
    private final PlanApplication.Replanner replanner;

    Writing(EarlyWrites early, PlanApplication application, PlanApplication.Replanner replanner) {
      this.early = early;
      this.application = application;
      this.replanner = replanner;
    }

    @Override
    public List<EntityChange> notWrittenEarly(List<EntityChange> subscriptionChanges) {
      return early.unwritten(subscriptionChanges);
    }

    @Override
    public Set<Long> touchedEarly() {
      return early.touchedOrganizations();
    }

    @Override
    public void recordOnly(List<EntityChange> changes) throws SQLException {
      application.recordOnly(changes);
    }

    @Override
    public Set<Long> write(List<EntityChange> changes) throws SQLException, StripeException {
      return application.applySubscriptions(changes, replanner);
    }

    @Override
    public ChangeTally tally() {
      return application.tally();
    }
  }

  /** The record step's reads and writes: webhook health from Stripe, the event checkpoint in the database. */
  private static final class Recording implements RunSequence.Recording {
    private final WebhookHealthCheck webhooks;
    private final Instant now;
    private final CheckpointStore checkpoints;
    private final WriteGate gate;
    private final String runId;

    /** @param now when the run's listing started: the planners' clock and the checkpoint's next position */
    Recording(WebhookHealthCheck webhooks, Instant now, CheckpointStore checkpoints, WriteGate gate, String runId) {
      this.webhooks = webhooks;
      this.now = now;
      this.checkpoints = checkpoints;
      this.gate = gate;
      this.runId = runId;
    }

    @Override
    public WebhookHealthCheck.Found webhookHealth() throws StripeException {
      return webhooks.read(now);
    }

    @Override
    public void advanceCheckpoint(Collected.Cursor cursor) throws SQLException {
      gate.beforeWriting();
      RunSequencer.advanceCheckpoint(cursor, checkpoints, runId, now);
    }
  }

  private static void advanceCheckpoint(
      Collected.Cursor cursor, CheckpointStore checkpoints, String runId, Instant listingStartedAt)
      throws SQLException {
    Checkpoint next;
    if (cursor instanceof Collected.Cursor.AfterFullRun) {
      next = NextCheckpoint.afterFullRun(listingStartedAt);
    } else if (cursor instanceof Collected.Cursor.AfterEvents after) {
      next = NextCheckpoint.afterIncrementalRun(
          checkpoints.load().orElse(Checkpoint.at(listingStartedAt)), after.events(), listingStartedAt);
    } else {
      return;
    }
    checkpoints.advance(next, runId);
  }
}
