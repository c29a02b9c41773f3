package com.subscriptionreconciler.run.lifecycle;

import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.Unlinked;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.apply.ChangeTally;
import com.subscriptionreconciler.run.collect.PlanCollector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers a run's outcome as it happens and turns it into the one {@link RunReport}. The status follows from what
 * was gathered: an error message means {@code failed}, an abort reason {@code aborted}, per-item errors
 * {@code partial}, anything else {@code succeeded}; a run paused at its deadline (and not aborted or failed) is
 * {@code running}. A resumed run's report adds what its earlier invocations counted ({@link #carry}).
 */
public final class RunReportBuilder {
  static final int UNLINKED_LISTED = 20;

  private final String runId;
  private final Trigger trigger;
  private final Mode mode;
  private final boolean dryRun;
  private final Instant startedAt;
  private final List<String> warnings = new ArrayList<>();
  private final List<RunReport.ItemError> itemErrors = new ArrayList<>();
  private String rollbackOf;
  private String account;
  private String error;
  private String abortReason;
  private String fallbackReason;
  private RunReport.WebhookHealth webhookHealth;
  private long totalSubscriptions;
  private long skipped;
  private long unlinked;
  private long errors;
  private long totalOrganizations;
  private ChangeTally tally = new ChangeTally();
  private EarlierInvocations prior = EarlierInvocations.none();
  private long plannedChanges;

  private RunReportBuilder(String runId, Trigger trigger, Mode mode, boolean dryRun, Instant startedAt) {
    this.runId = runId;
    this.trigger = trigger;
    this.mode = mode;
    this.dryRun = dryRun;
    this.startedAt = startedAt;
  }

  public static RunReportBuilder of(String runId, RunRequest request, Instant startedAt) {
    return new RunReportBuilder(runId, request.trigger(), request.mode(), request.dryRun(), startedAt);
  }

  public static RunReportBuilder of(String runId, Trigger trigger, Mode mode, boolean dryRun, Instant startedAt) {
    return new RunReportBuilder(runId, trigger, mode, dryRun, startedAt);
  }

  public String runId() {
    return runId;
  }

  Trigger trigger() {
    return trigger;
  }

  Mode mode() {
    return mode;
  }

  boolean dryRun() {
    return dryRun;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** A resumed run: its earlier invocations' counts go into this report. */
  public RunReportBuilder carry(EarlierInvocations earlier) {
    this.prior = earlier;
    return this;
  }

  public EarlierInvocations prior() {
    return prior;
  }

  /** What the run counted so far (this invocation's report is cumulative), for a paused run's resume state. */
  EarlierInvocations soFar(RunReport report) {
    return EarlierInvocations.of(report, prior.plannedChanges() + plannedChanges);
  }

  public String rollbackOf() {
    return rollbackOf;
  }

  public RunReportBuilder rollbackOf(String runId) {
    this.rollbackOf = runId;
    return this;
  }

  RunReportBuilder failed(String message) {
    this.error = message;
    return this;
  }

  public boolean aborting() {
    return abortReason != null || error != null;
  }

  public RunReportBuilder aborted(String reason) {
    this.abortReason = reason;
    return this;
  }

  public void fallback(String reason) {
    this.fallbackReason = reason;
    warnings.add(reason);
  }

  public void webhookHealth(RunReport.WebhookHealth health) {
    this.webhookHealth = health;
  }

  public void warning(String message) {
    warnings.add(message);
  }

  /** What the collection phase found: rows checked, in sync, unlinked, warnings. */
  public void collected(Plan plan) {
    totalSubscriptions = plan.checked();
    plannedChanges = plan.subscriptionChanges();
    skipped = plan.inSync();
    unlinked = plan.unlinked().size();
    warnings.addAll(plan.warningMessages());
    List<Unlinked> listed = plan.unlinked();
    for (int i = 0; i < Math.min(UNLINKED_LISTED, listed.size()); i++) {
      Unlinked u = listed.get(i);
      warnings.add("unlinked: " + u.subscriptionId() + " (" + u.status() + ") of customer " + u.customerId()
          + " belongs to no organization");
    }
    if (listed.size() > UNLINKED_LISTED) {
      warnings.add("unlinked: " + (listed.size() - UNLINKED_LISTED) + " more not listed");
    }
  }

  /** What the apply phase did (or, in a dry run, would do), and the per-item errors of the whole run. */
  public void applied(ChangeTally tally, long organizationsChecked, PlanCollector collector) {
    this.tally = tally;
    this.totalOrganizations = organizationsChecked;
    this.errors = collector.errors().size();
    warnings.addAll(collector.notes());
    itemErrors.addAll(collector.errors());
    collector.errors().forEach(e -> warnings.add(e.warning()));
  }

  /** One object failed (a rollback's refused write): in the typed list and, as always, in the warnings. */
  public void itemError(RunReport.ItemError error) {
    itemErrors.add(error);
    warnings.add(error.warning());
  }

  /** For runs without a planning phase (rollback): counts straight from the tally. */
  public void applied(ChangeTally tally, long rowsChecked, long errors) {
    this.tally = tally;
    this.totalSubscriptions = rowsChecked;
    this.errors = errors;
  }

  /** @param running the run stopped at its deadline, or waits for a resume that could not start (its lifecycle's) */
  RunReport build(Instant finishedAt, long stripeRequests, boolean running) {
    long allErrors = prior.errors() + errors;
    RunStatus status;
    if (error != null) {
      status = RunStatus.FAILED;
    } else if (abortReason != null) {
      status = RunStatus.ABORTED;
    } else if (running) {
      status = RunStatus.RUNNING;
    } else if (allErrors > 0) {
      status = RunStatus.PARTIAL;
    } else {
      status = RunStatus.SUCCEEDED;
    }
    return new RunReport(
        runId, trigger, mode, dryRun, status, startedAt, finishedAt,
        Duration.between(startedAt, finishedAt).toMillis(),
        totalOrganizations, prior.checked() + totalSubscriptions, prior.updated() + tally.updated(),
        prior.created() + tally.created(), prior.archived() + tally.archived(), prior.skipped() + skipped,
        prior.unlinked() + unlinked, allErrors, prior.driftPlus(tally.driftByField()),
        prior.stripeRequests() + stripeRequests, prior.warningsPlus(warnings), prior.detailsPlus(tally.details()),
        abortReason, fallbackReason, error, webhookHealth,
        status == RunStatus.RUNNING ? runId : null, account, itemErrors);
  }

  /** The Stripe account this run reconciles; null (no report field) without {@code STRIPE_ACCOUNTS}. */
  public RunReportBuilder account(String label) {
    this.account = label;
    return this;
  }

  public String account() {
    return account;
  }
}
