package com.subscriptionreconciler.run;

import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.RunReport;
import com.stripe.StripeClient;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.db.RunLock;
import com.subscriptionreconciler.incremental.ChangedObjects;
import com.subscriptionreconciler.incremental.Checkpoint;
import com.subscriptionreconciler.incremental.CheckpointStore;
import com.subscriptionreconciler.incremental.EventFeed;
import com.subscriptionreconciler.incremental.EventRetention;
import com.subscriptionreconciler.incremental.IncrementalDecision;
import com.subscriptionreconciler.incremental.NextCheckpoint;
import com.subscriptionreconciler.incremental.WebhookHealthReader;
import com.subscriptionreconciler.incremental.WebhookHealthReading;
import com.subscriptionreconciler.observability.RunLogContext;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.OrganizationPlanner;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.plan.SubscriptionPlanner;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.store.PlanWriter;
import com.subscriptionreconciler.store.RunRecords;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.stripe.PacedHttpClient;
import com.subscriptionreconciler.stripe.PartitionedLister;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciliations: the imperative shell around the pure planner. One run is: take the database lock, read
 * Stripe and the database into a plan (collection), check the safety guard, apply the plan or only record it
 * (dry run), derive organizations, and write the report. Every outcome — including a failure — ends with the run
 * row written and a report returned.
 *
 * <p>Resumable full runs (issue 7): given a {@link Deadline}, a full run that reaches it stops listing, applies
 * what it planned, stores where it stands in its run row ({@link ResumeState}) and reports {@code running}; a
 * request with {@code resumeRunId} takes the lock again and continues it. The last invocation runs the deferred
 * customers, the orphan sweep and the organization derivation, and finishes the run row with the whole run's
 * counts. While a run waits to be resumed, another (non-dry, untargeted) full run is refused rather than started
 * beside it, unless the waiting run is older than {@link #RESUMABLE_FOR}, which is then abandoned.
 */
public final class Reconciler implements ReconciliationEngine {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** How long a paused run may wait for its next invocation; the state machine resumes within seconds. */
  static final Duration RESUMABLE_FOR = Duration.ofHours(24);

  private final DataSource dataSource;
  private final StripeClient stripe;
  private final PacedHttpClient transport;
  private final ReconcileRules rules;
  private final Clock clock;
  private final int parallelism;
  private final StatementCounter statements = new StatementCounter();
  private final RunIds runIds;

  public Reconciler(
      DataSource dataSource, StripeClient stripe, PacedHttpClient transport, ReconcileRules rules, Clock clock,
      int parallelism) {
    this.dataSource = dataSource;
    this.stripe = stripe;
    this.transport = transport;
    this.rules = rules;
    this.clock = clock;
    this.parallelism = parallelism;
    this.runIds = new RunIds(clock);
  }

  /** SQL statements sent so far by this engine (for benchmarks and tests). */
  public long statementsSent() {
    return statements.count();
  }

  @Override
  public RunReport run(RunRequest request) {
    return run(request, Deadline.none());
  }

  @Override
  public RunReport run(RunRequest request, Deadline deadline) {
    if (request.resumeRunId() != null) {
      return resume(request, deadline);
    }
    Instant started = clock.instant();
    String runId = runIds.next();
    try (RunLogContext ignored = RunLogContext.bind(runId)) {
      RunReportBuilder report = RunReportBuilder.of(runId, request, started);
      LOG.info("Reconciliation started: mode={} dryRun={} targeted={}", request.mode().wireName(), request.dryRun(),
          request.targeted());
      RunRecords runs = new RunRecords(dataSource, statements);
      Body start = () -> runs.start(report.runId(), report.trigger(), report.mode(), report.dryRun(),
          report.startedAt(), report.rollbackOf());
      if (request.trigger() == RunRequest.Trigger.EVENT && request.targeted()) {
        return besideOtherRuns(report, start, () -> execute(request, report, deadline, null));
      }
      return withLock(report, false, start, () -> execute(request, report, deadline, null));
    }
  }

  /**
   * The real-time path's runs do not take the run lock: they re-read only the objects their events name, and every
   * write is conditional on the row's version (a lost race is re-planned from fresh reads), so they are safe beside
   * a full run or another event batch. Waiting for a full run instead would hold events for up to its whole
   * duration, or send them round the queue until they reach the dead-letter queue.
   */
  private RunReport besideOtherRuns(RunReportBuilder report, Body start, Body body) {
    RunRecords runs = new RunRecords(dataSource, statements);
    long requestsBefore = transport.requestsSent();
    try {
      start.run();
      report.markRecorded();
    } catch (Exception e) {
      return finish(report.failed("cannot record the run: " + Redactor.redact(e.getMessage())), requestsBefore, null);
    }
    try {
      body.run();
    } catch (Exception e) {
      LOG.error("Reconciliation run failed", e);
      report.failed(Redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    return finish(report, requestsBefore, runs);
  }

  /** Continues a paused full run with the settings it started with. */
  private RunReport resume(RunRequest request, Deadline deadline) {
    RunRecords runs = new RunRecords(dataSource, statements);
    RunRecords.StoredRun stored = resumable(runs, request.resumeRunId());
    ResumeState state = decode(stored);
    try (RunLogContext ignored = RunLogContext.bind(stored.id())) {
      RunRequest.Trigger trigger = RunRequest.Trigger.valueOf(stored.trigger().toUpperCase(Locale.ROOT));
      RunRequest continued =
          new RunRequest(trigger, RunRequest.Mode.FULL, stored.dryRun(), state.force(), List.of(), List.of(),
              List.of(), stored.id());
      RunReportBuilder report =
          RunReportBuilder.of(stored.id(), trigger, RunRequest.Mode.FULL.wireName(), stored.dryRun(),
              stored.startedAt()).carry(state.totals());
      LOG.info("Reconciliation resumed: invocation {}, {} created ranges left", state.invocations() + 1,
          state.remaining().size());
      return withLock(report, true,
          () -> {
            // under the lock: another invocation may have continued or finished the run since it was read
            RunRecords.StoredRun current = resumable(runs, stored.id());
            if (!current.resumeState().equals(stored.resumeState())) {
              throw new NotResumableException("run " + stored.id() + " was continued by another invocation meanwhile");
            }
          },
          () -> execute(continued, report, deadline, state));
    }
  }

  private RunRecords.StoredRun resumable(RunRecords runs, String runId) {
    Optional<RunRecords.StoredRun> found;
    try {
      found = runs.find(runId);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the database: " + Redactor.redact(e.getMessage()), e);
    }
    RunRecords.StoredRun run =
        found.orElseThrow(() -> new NotResumableException("cannot resume: no run with id '" + runId + "'"));
    if (!RunStatus.RUNNING.wireName().equals(run.status())) {
      throw new NotResumableException("cannot resume run " + runId + ": it already finished (status " + run.status()
          + "); start a new run instead");
    }
    if (run.resumeState() == null) {
      throw new NotResumableException("cannot resume run " + runId + ": it is not waiting to be resumed (it is"
          + " still running, or it stopped without saving its progress)");
    }
    if (run.startedAt().plus(RESUMABLE_FOR).isBefore(clock.instant())) {
      throw new NotResumableException("cannot resume run " + runId + ": it started at " + run.startedAt()
          + ", more than " + RESUMABLE_FOR.toHours() + " h ago; start a new full run instead");
    }
    return run;
  }

  private static ResumeState decode(RunRecords.StoredRun run) {
    try {
      return ResumeStateCodec.decode(run.resumeState());
    } catch (IllegalArgumentException e) {
      throw new NotResumableException(
          "cannot resume run " + run.id() + ": " + e.getMessage() + "; start a new full run instead");
    }
  }

  @Override
  public RunReport rollback(String runId, boolean dryRun, RunRequest.Trigger trigger) {
    try {
      if (!new com.subscriptionreconciler.store.AuditReads(dataSource, statements).runExists(runId)) {
        throw new IllegalArgumentException("no run with id '" + runId + "'");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the database: " + Redactor.redact(e.getMessage()), e);
    }
    Instant started = clock.instant();
    String rollbackRunId = runIds.next();
    try (RunLogContext ignored = RunLogContext.bind(rollbackRunId)) {
      RunReportBuilder report = RunReportBuilder.of(rollbackRunId, trigger, "rollback", dryRun, started).rollbackOf(runId);
      RunRecords runs = new RunRecords(dataSource, statements);
      return withLock(report, false,
          () -> runs.start(report.runId(), report.trigger(), report.mode(), report.dryRun(), report.startedAt(),
              report.rollbackOf()),
          () -> new Rollback(dataSource, statements, clock).run(runId, dryRun, report));
    }
  }

  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  /**
   * One run at a time; a run that finds the lock taken is recorded as aborted and touches nothing. A resumed run
   * that finds it taken stays paused (status {@code running}, run row untouched): its caller tries again.
   *
   * @param start records the run's start under the lock (inserts the row, or checks a paused run is still
   *     waiting); a {@link NotResumableException} from it is thrown to the caller
   */
  private RunReport withLock(RunReportBuilder report, boolean resuming, Body start, Body body) {
    RunRecords runs = new RunRecords(dataSource, statements);
    long requestsBefore = transport.requestsSent();
    RunLock.LockAttempt attempt;
    try {
      attempt = RunLock.tryAcquire(dataSource);
    } catch (Exception e) {
      return finish(report.failed("cannot reach the database: " + Redactor.redact(e.getMessage())), requestsBefore, null);
    }
    if (attempt instanceof RunLock.LockAttempt.Held held) {
      if (resuming) {
        report.stillPending("another run is in progress: " + held.holder().describe()
            + "; this run was not continued: invoke again with resumeRunId " + report.runId());
        return finish(report, requestsBefore, null);
      }
      report.aborted("another run is in progress: " + held.holder().describe());
      return finish(report, requestsBefore, runs);
    }
    try (RunLock lock = ((RunLock.LockAttempt.Acquired) attempt).lock()) {
      start.run();
      report.markRecorded();
      try {
        body.run();
      } catch (Exception e) {
        LOG.error("Reconciliation run failed", e);
        report.failed(Redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
      return finish(report, requestsBefore, runs);
    } catch (NotResumableException e) {
      throw e;
    } catch (Exception e) {
      return finish(report.failed("cannot record the run: " + Redactor.redact(e.getMessage())), requestsBefore, null);
    }
  }

  private RunReport finish(RunReportBuilder builder, long requestsBefore, RunRecords runs) {
    Instant finished = clock.instant();
    RunReport report = builder.build(finished, transport.requestsSent() - requestsBefore);
    if (runs != null) {
      try {
        ResumeState paused = builder.resumeState(report);
        if (builder.recordedStart() && paused != null) {
          runs.checkpoint(report, ResumeStateCodec.encode(paused));
        } else if (builder.recordedStart()) {
          runs.finish(report);
        } else {
          runs.start(report.runId(), report.trigger(), report.mode(), report.dryRun(), report.startedAt(), null);
          runs.finish(report);
        }
      } catch (Exception e) {
        LOG.error("Could not write the run row for {}", report.runId(), e);
      }
    }
    return report;
  }

  private void execute(RunRequest request, RunReportBuilder report, Deadline deadline, ResumeState resumed)
      throws Exception {
    Instant now = report.startedAt();
    if (resumed == null && startsFreshFullRun(request) && waitingRunBlocks(report)) {
      return;
    }
    PlanCollector collector = new PlanCollector();
    BillingReads reads = new BillingReads(dataSource, statements);
    ExecutorService retrievals = Executors.newFixedThreadPool(parallelism, daemon("stripe-retrieve"));
    try {
      StripeAccountReader reader = StripeAccountReader.openReadingCatalogAlongside(stripe, retrievals);
      SubscriptionPlanner planner = new SubscriptionPlanner(rules, now);
      ScanContext scan = new ScanContext(reader, reads, planner, new OrphanConfirmer(reader, retrievals), collector);
      SafetyGuard guard = new SafetyGuard(rules);

      Set<Long> organizationsToDerive = new HashSet<>();
      if (resumed != null) {
        organizationsToDerive.addAll(resumed.touchedOrganizationIds());
      }
      CheckpointStore checkpoints = new CheckpointStore(dataSource);
      Optional<ChangedObjects> events = Optional.empty();
      if (request.mode() == RunRequest.Mode.INCREMENTAL && !request.targeted()) {
        IncrementalDecision decision = IncrementalDecision.decide(checkpoints.load(), now, EventRetention.stripeDefault());
        if (decision instanceof IncrementalDecision.FallBackToFull fallBack) {
          report.fallback(fallBack.reason());
        } else if (decision instanceof IncrementalDecision.Incremental incremental) {
          events = Optional.of(new EventFeed(stripe).readSince(incremental.since()));
        }
      }
      boolean full = !request.targeted() && events.isEmpty();
      FullScan.Paused paused = null;
      OrganizationPlanner organizationPlanner = new OrganizationPlanner(rules, now);
      OrganizationPrescreen prescreen =
          full ? new OrganizationPrescreen(reads, organizationPlanner, collector::deletedCustomers) : null;
      RunTally tally = new RunTally();
      PlanApplication application =
          new PlanApplication(report.runId(), now, request.dryRun(), new PlanWriter(dataSource, statements), reads,
              organizationPlanner, tally, collector);
      PlanApplication.Replanner replanner = ids -> replan(ids, reads, reader, retrievals, now);
      EarlyWrites early = new EarlyWrites(collector, application, replanner, !request.dryRun());
      if (full) {
        // a dry run records its plan only at the end (organizations are derived over the planned changes), so it
        // is never split across invocations
        paused = new FullScan(scan, new PartitionedLister(reader, parallelism, transport::concurrencyToFillBudget),
            guard, request.force(), resumed == null ? FullScan.Start.fresh() : startFrom(resumed),
            request.dryRun() ? Deadline.none() : deadline, prescreen::step, early::step).run();
      } else if (events.isPresent()) {
        organizationsToDerive.addAll(
            new TargetedScan(scan).run(List.of(), events.get().customerIds(), events.get().subscriptionIds()));
      } else {
        organizationsToDerive.addAll(
            new TargetedScan(scan).run(request.organizationIds(), request.customerIds(), request.subscriptionIds()));
      }
      // event runs come every few seconds and are themselves the delivery path: no webhook-health read for them
      if (paused == null && request.trigger() != RunRequest.Trigger.EVENT) {
        readWebhookHealth(now, report);
      }
      Plan plan = collector.merged();
      report.collected(plan, collector);

      long organizationsChecked = 0;
      List<EntityChange> subscriptionChanges = plan.changesOf(Entity.SUBSCRIPTION);
      List<EntityChange> unwritten = early.unwritten(subscriptionChanges);
      organizationsToDerive.addAll(early.touchedOrganizations());

      // the guard judges the run as a whole: what earlier invocations planned counts too
      SafetyGuard.Decision decision =
          guard.decide(report.prior().plannedChanges() + plan.subscriptionChanges(),
              report.prior().checked() + plan.checked(), request.force());
      String abortReason = collector.abortReason() != null ? collector.abortReason() : decision.reason();
      if (collector.abortReason() != null || !decision.proceed()) {
        application.recordOnly(unwritten);
        report.aborted(abortReason);
      } else {
        if (decision.forced()) {
          report.warning("safety guard overridden by force: this run changes more rows than MAX_CHANGE_RATIO allows");
        }
        if (request.dryRun()) {
          application.recordOnly(subscriptionChanges);
        } else {
          organizationsToDerive.addAll(application.applySubscriptions(unwritten, replanner));
        }
        organizationsToDerive.addAll(plan.touchedOrganizationIds());
        if (paused == null) {
          LOG.info("Applied {} subscription changes; deriving organizations", subscriptionChanges.size());
          organizationsChecked =
              deriveOrganizations(prescreen, organizationsToDerive, reads, application, subscriptionChanges, collector);
        }
      }
      report.applied(tally, organizationsChecked, collector);
      if (paused != null) {
        if (!report.aborting()) {
          report.pause(new ResumeState(resumed == null ? 1 : resumed.invocations() + 1, request.force(),
              paused.remaining(), paused.seen(), paused.deferredSubscriptionIds(), List.copyOf(organizationsToDerive),
              null));
          LOG.info("Reconciliation paused at its deadline: {} created ranges left", paused.remaining().size());
        }
        return;
      }
      advanceCheckpoint(request, report, collector, checkpoints, full, events, now);
    } finally {
      retrievals.shutdownNow();
    }
  }

  /**
   * Moves the event cursor only after a clean, applied run: a crash or failure before this point replays the
   * same events next time instead of skipping them, and a dry run or partial run leaves it where it was.
   */
  private void advanceCheckpoint(
      RunRequest request, RunReportBuilder report, PlanCollector collector, CheckpointStore checkpoints, boolean full,
      Optional<ChangedObjects> events, Instant listingStartedAt) throws SQLException {
    if (request.dryRun() || request.targeted() || collector.abortReason() != null || report.aborting()
        || !collector.errors().isEmpty() || report.prior().errors() > 0) {
      return;
    }
    Checkpoint next =
        full
            ? NextCheckpoint.afterFullRun(listingStartedAt)
            : NextCheckpoint.afterIncrementalRun(
                checkpoints.load().orElse(Checkpoint.at(listingStartedAt)), events.orElseThrow(), listingStartedAt);
    checkpoints.advance(next, report.runId());
  }

  private static boolean startsFreshFullRun(RunRequest request) {
    return request.mode() == RunRequest.Mode.FULL && !request.targeted() && !request.dryRun();
  }

  /**
   * A full run while another waits to be resumed would do the same work twice, and the waiting run's next
   * invocation would then find the data changed under its counts: refuse, naming the run to resume. A run left
   * waiting longer than {@link #RESUMABLE_FOR} (its driver gave up) is abandoned instead.
   */
  private boolean waitingRunBlocks(RunReportBuilder report) throws SQLException {
    RunRecords runs = new RunRecords(dataSource, statements);
    Optional<RunRecords.StoredRun> waiting = runs.latestResumable();
    if (waiting.isEmpty()) {
      return false;
    }
    RunRecords.StoredRun run = waiting.get();
    if (run.startedAt().plus(RESUMABLE_FOR).isBefore(report.startedAt())) {
      runs.abandon(run.id(), "abandoned: not resumed within " + RESUMABLE_FOR.toHours() + " h; superseded by run "
          + report.runId(), report.startedAt());
      report.warning("run " + run.id() + " was waiting to be resumed for more than " + RESUMABLE_FOR.toHours()
          + " h and was abandoned");
      return false;
    }
    report.aborted("run " + run.id() + " (started " + run.startedAt() + ") stopped at its deadline and is waiting"
        + " to be resumed; continue it with {\"resumeRunId\":\"" + run.id() + "\"} instead of starting another full run");
    return true;
  }

  private static FullScan.Start startFrom(ResumeState state) {
    return new FullScan.Start(state.remaining(), SeenSubscriptions.of(state.seen()), state.deferredSubscriptionIds(),
        state.totals().checked(), state.totals().plannedChanges());
  }

  /** Webhook-delivery health goes in every report; failing to read it is a warning, not a failed run. */
  private void readWebhookHealth(Instant now, RunReportBuilder report) throws com.stripe.exception.StripeException {
    try {
      WebhookHealthReading reading = new WebhookHealthReader(stripe).read(now);
      report.webhookHealth(reading.health());
      reading.warning().ifPresent(report::warning);
    } catch (com.stripe.exception.StripeException e) {
      if (StripeFailures.failsTheRun(e)) {
        throw e;
      }
      report.warning("could not read webhook delivery health: " + Redactor.redact(e.getMessage()));
    }
  }

  private Plan replan(
      Set<String> subscriptionIds, BillingReads reads, StripeAccountReader reader, ExecutorService retrievals,
      Instant now) throws Exception {
    PlanCollector fresh = new PlanCollector();
    ScanContext scan =
        new ScanContext(reader, reads, new SubscriptionPlanner(rules, now), new OrphanConfirmer(reader, retrievals),
            fresh);
    new TargetedScan(scan).run(List.of(), List.of(), subscriptionIds);
    return fresh.merged();
  }

  /**
   * Derives organizations after the run's writes: in a full run the ones the prescreen flagged (finishing it
   * first if the listing left it undone) and the ones the run touched; otherwise the touched ones.
   *
   * @param prescreen null unless this is a full run
   * @return how many distinct organizations were checked, screened ones included
   */
  private long deriveOrganizations(
      OrganizationPrescreen prescreen, Set<Long> touched, BillingReads reads, PlanApplication application,
      List<EntityChange> subscriptionChanges, PlanCollector collector)
      throws Exception {
    Set<String> deleted = collector.deletedCustomers();
    Map<Long, List<EntityChange>> planned =
        PlanApplication.byOrganization(subscriptionChanges);
    Set<Long> derive = new TreeSet<>(touched);
    long checked = 0;
    if (prescreen != null) {
      prescreen.finish();
      derive.addAll(prescreen.flagged());
      checked += prescreen.screenedCount();
    }
    for (List<Long> chunk : ScanContext.chunks(List.copyOf(derive), PlanApplication.ORGANIZATION_PAGE)) {
      List<OrganizationRow> orgs = reads.organizationsByIds(chunk);
      application.deriveOrganizations(orgs, planned, deleted);
      checked += orgs.stream().filter(o -> prescreen == null || !prescreen.screened(o)).count();
    }
    return checked;
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
