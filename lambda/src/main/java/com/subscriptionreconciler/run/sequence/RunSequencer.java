package com.subscriptionreconciler.run.sequence;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.incremental.Checkpoint;
import com.subscriptionreconciler.incremental.CheckpointStore;
import com.subscriptionreconciler.incremental.EventFeed;
import com.subscriptionreconciler.incremental.NextCheckpoint;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.OrganizationPlanner;
import com.subscriptionreconciler.plan.Plan;
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
import com.subscriptionreconciler.run.collect.ListingPaused;
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
import com.subscriptionreconciler.run.guard.RunningTotals;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation under the lock, top to bottom: <b>collect</b> (the mode's job reads Stripe and the database
 * into a plan), <b>guard</b> (the safety guard judges the whole run), <b>apply</b> (write the plan, or only record
 * it in a dry run or an aborted run), <b>derive</b> (organizations from their subscriptions) and <b>record</b>
 * (the report's counts, then a paused run's progress or the event checkpoint). The run row itself is
 * {@link RunLifecycle}'s.
 */
final class RunSequencer {
  private static final Logger LOG = LoggerFactory.getLogger(RunSequencer.class);

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

      // collect
      CollectJob job = jobFor(request, resumed, request.dryRun() ? Deadline.none() : deadline, reader, guard,
          new WhileStripeWaits(prescreen::step, early::step), checkpoints, now);
      Collected collected = job.collect(scan);
      collected.fallbackReason().ifPresent(report::fallback);
      boolean paused = collected.paused().isPresent();
      // event runs come every few seconds and are themselves the delivery path: no webhook-health read for them
      if (!paused && request.trigger() != Trigger.EVENT) {
        WebhookHealthCheck.Found health = new WebhookHealthCheck(stripe).read(now);
        health.health().ifPresent(report::webhookHealth);
        health.warning().ifPresent(report::warning);
      }
      Plan plan = collected.plan();
      report.collected(plan);
      Set<Long> toDerive = new HashSet<>(collected.organizationsToDerive());
      List<EntityChange> subscriptionChanges = plan.changesOf(Entity.SUBSCRIPTION);
      // what earlier invocations held back, then this invocation's changes not written early
      List<EntityChange> unwritten = new ArrayList<>(resumed.map(ResumeState::heldChanges).orElse(List.of()));
      unwritten.addAll(early.unwritten(subscriptionChanges));
      toDerive.addAll(early.touchedOrganizations());
      List<EntityChange> held = List.of();

      // guard
      Optional<String> abort = guard(report, plan, guard, collector);
      long organizationsChecked = 0;
      if (abort.isPresent()) {
        application.recordOnly(unwritten);
        report.aborted(abort.get());
      } else {
        // apply: a paused invocation holds its changes back, so a later invocation's guard can still stop them all
        if (request.dryRun()) {
          application.recordOnly(subscriptionChanges);
        } else if (paused) {
          held = unwritten;
        } else {
          toDerive.addAll(application.applySubscriptions(unwritten, replanner));
        }
        toDerive.addAll(plan.touchedOrganizationIds());
        // derive: once, in the invocation that finishes the run
        if (!paused) {
          organizationsChecked = derivation.deriveAndWrite(
              collected.wholeAccount() ? Optional.of(prescreen) : Optional.empty(), toDerive, subscriptionChanges);
        }
      }

      // record
      report.applied(application.tally(), organizationsChecked, collector);
      logCounts(request, abort.isPresent(), resumed.isPresent(), application.tally(), collector, held.size());
      if (paused) {
        return pause(request, report, resumed, collected.paused().get(), toDerive, held);
      }
      if (cleanApplied(request, report, collector)) {
        gate.beforeWriting();
        advanceCheckpoint(collected.cursor(), checkpoints, report.runId(), now);
      }
      return Optional.empty();
    } finally {
      retrievals.shutdownNow(); // the run's Stripe retrieval threads
    }
  }

  /**
   * The same counts as the report's {@code synchronized}, {@code created}, {@code archived} and {@code errors}: the
   * tally the report is built from (what was written, or in a dry or aborted run what was planned), never a count
   * of its own that could tell another story. A paused invocation wrote nothing and says what it holds.
   */
  private static void logCounts(
      RunRequest request, boolean aborted, boolean resumed, ChangeTally tally, PlanCollector collector, int held) {
    if (held > 0) {
      LOG.info("Held {} subscription changes, not written: the invocation that finishes the run applies them;"
          + " per-item errors {} (this invocation)", held, collector.errors().size());
      return;
    }
    LOG.info("{}: changed {}, created {}, archived {}; per-item errors {}{}",
        request.dryRun() || aborted ? "Planned, not written" : "Wrote", tally.updated(), tally.created(),
        tally.archived(), collector.errors().size(), resumed ? " (this invocation)" : "");
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

  /**
   * The safety guard judges the run as a whole: what earlier invocations of a resumed run planned counts too. A
   * collection that gave up (the orphan sweep's early guard) aborts whatever the totals say.
   *
   * @return the reason to abort, or empty to go on
   */
  private static Optional<String> guard(
      RunReportBuilder report, Plan plan, RunGuard guard, PlanCollector collector) {
    SafetyGuard.Decision decision = guard.decide(report.prior().running().plus(RunningTotals.of(plan)));
    String collectionAbort = collector.abortReason();
    if (collectionAbort != null) {
      return Optional.of(collectionAbort);
    }
    if (!decision.proceed()) {
      return Optional.of(decision.reason());
    }
    if (decision.forced()) {
      report.warning("safety guard overridden by force: this run changes more rows than MAX_CHANGE_RATIO allows");
    }
    return Optional.empty();
  }

  /** Stopped at the deadline, and not aborted: the run row keeps what the next invocation starts from. */
  private static Optional<ResumeState> pause(
      RunRequest request, RunReportBuilder report, Optional<ResumeState> resumed, ListingPaused paused,
      Set<Long> toDerive, List<EntityChange> held) {
    if (report.aborting()) {
      return Optional.empty();
    }
    LOG.info("Reconciliation paused at its deadline: {} created ranges left", paused.remaining().size());
    // the counts so far are added by the lifecycle, from the invocation's final report
    return Optional.of(new ResumeState(resumed.map(r -> r.invocations() + 1).orElse(1), request.force(),
        paused.remaining(), paused.seen(), paused.deferredSubscriptionIds(), List.copyOf(toDerive), null, held));
  }

  /**
   * The event cursor moves only after a clean, applied run: a crash or failure before this point replays the same
   * events next time instead of skipping them, and a dry run or partial run leaves it where it was.
   */
  private static boolean cleanApplied(RunRequest request, RunReportBuilder report, PlanCollector collector) {
    return !request.dryRun() && collector.abortReason() == null && !report.aborting()
        && collector.errors().isEmpty() && report.prior().errors() == 0;
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
