package com.subscriptionreconciler.run.sequence;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.apply.ChangeTally;
import com.subscriptionreconciler.run.collect.Collected;
import com.subscriptionreconciler.run.collect.ListingPaused;
import com.subscriptionreconciler.run.collect.PlanCollector;
import com.subscriptionreconciler.run.guard.RunGuard;
import com.subscriptionreconciler.run.guard.RunningTotals;
import com.subscriptionreconciler.run.lifecycle.ResumeState;
import com.subscriptionreconciler.run.lifecycle.RunReportBuilder;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order of one run's stages and what follows from each outcome: <b>collect</b>, <b>guard</b> (an abort
 * records the plan and writes nothing), <b>apply</b> (or, in a dry run, record; a paused invocation holds its
 * changes back), <b>derive</b> (once, in the invocation that finishes the run) and <b>record</b> (the report's
 * counts, then a paused run's progress or the event checkpoint). Each stage is given as the narrow interface
 * below, so the order can be checked on fakes; {@link RunSequencer} wires the real ones.
 */
final class RunSequence {
  private static final Logger LOG = LoggerFactory.getLogger(RunSequence.class);

  /** The collect stage, with its mode's job and the run's scan already chosen. */
  @FunctionalInterface
  interface Collect {
    Collected collect() throws SQLException, StripeException, InterruptedException;
  }

  /** The apply stage: what the listing already wrote early, and writing or only recording the rest. */
  interface Apply {
    /** The changes of {@code subscriptionChanges} not written early, in their order. */
    List<EntityChange> notWrittenEarly(List<EntityChange> subscriptionChanges);

    /** Organizations whose rows the early writes changed. */
    Set<Long> touchedEarly();

    /** Records the changes without touching a billing row (dry run, aborted run). */
    void recordOnly(List<EntityChange> changes) throws SQLException;

    /** Writes the changes; returns the organizations whose rows changed. */
    Set<Long> write(List<EntityChange> changes) throws SQLException, StripeException;

    /** What this invocation wrote (or recorded), for the report. */
    ChangeTally tally();
  }

  /** The derive stage. */
  @FunctionalInterface
  interface Derive {
    /**
     * @param wholeAccount the full listing ran, so the organization prescreen ran beside it and is finished here
     * @return how many distinct organizations were checked
     */
    long deriveAndWrite(boolean wholeAccount, Set<Long> organizations, List<EntityChange> subscriptionChanges)
        throws SQLException;
  }

  /** What the record step reads and writes besides the report. */
  interface Recording {
    /** Webhook-delivery health, for a finished run that is not an event run. */
    WebhookHealthCheck.Found webhookHealth() throws StripeException;

    /** Moves the event checkpoint after a clean, applied run (asking the run's write gate first). */
    void advanceCheckpoint(Collected.Cursor cursor) throws SQLException;
  }

  private final Collect collect;
  private final RunGuard guard;
  private final Apply apply;
  private final Derive derive;
  private final Recording recording;

  RunSequence(Collect collect, RunGuard guard, Apply apply, Derive derive, Recording recording) {
    this.collect = collect;
    this.guard = guard;
    this.apply = apply;
    this.derive = derive;
    this.recording = recording;
  }

  /**
   * @param resumed present when this invocation continues a paused full run
   * @param collector where the collect stage puts what it found (errors, notes, an early abort)
   * @return where the run stands when it stopped at its deadline (and was not aborted); empty when it finished
   */
  Optional<ResumeState> run(
      RunRequest request, RunReportBuilder report, Optional<ResumeState> resumed, PlanCollector collector)
      throws SQLException, StripeException, InterruptedException {
    // collect
    Collected collected = collect.collect();
    collected.fallbackReason().ifPresent(report::fallback);
    boolean paused = collected.paused().isPresent();
    // event runs come every few seconds and are themselves the delivery path: no webhook-health read for them
    if (!paused && request.trigger() != Trigger.EVENT) {
      WebhookHealthCheck.Found health = recording.webhookHealth();
      health.health().ifPresent(report::webhookHealth);
      health.warning().ifPresent(report::warning);
    }
    Plan plan = collected.plan();
    report.collected(plan);
    Set<Long> toDerive = new HashSet<>(collected.organizationsToDerive());
    List<EntityChange> subscriptionChanges = plan.changesOf(Entity.SUBSCRIPTION);
    // what earlier invocations held back, then this invocation's changes not written early
    List<EntityChange> unwritten = new ArrayList<>(resumed.map(ResumeState::heldChanges).orElse(List.of()));
    unwritten.addAll(apply.notWrittenEarly(subscriptionChanges));
    toDerive.addAll(apply.touchedEarly());
    List<EntityChange> held = List.of();

    // guard
    Optional<String> abort = guard(report, plan, collector);
    long organizationsChecked = 0;
    if (abort.isPresent()) {
      apply.recordOnly(unwritten);
      report.aborted(abort.get());
    } else {
      // apply: a paused invocation holds its changes back, so a later invocation's guard can still stop them all
      if (request.dryRun()) {
        apply.recordOnly(subscriptionChanges);
      } else if (paused) {
        held = unwritten;
      } else {
        toDerive.addAll(apply.write(unwritten));
      }
      toDerive.addAll(plan.touchedOrganizationIds());
      // derive: once, in the invocation that finishes the run
      if (!paused) {
        organizationsChecked = derive.deriveAndWrite(collected.wholeAccount(), toDerive, subscriptionChanges);
      }
    }

    // record
    report.applied(apply.tally(), organizationsChecked, collector);
    logCounts(request, abort.isPresent(), resumed.isPresent(), apply.tally(), collector, held.size());
    if (paused) {
      return pause(request, report, resumed, collected.paused().get(), toDerive, held);
    }
    if (cleanApplied(request, report, collector)) {
      recording.advanceCheckpoint(collected.cursor());
    }
    return Optional.empty();
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

  /**
   * The safety guard judges the run as a whole: what earlier invocations of a resumed run planned counts too. A
   * collection that gave up (the orphan sweep's early guard) aborts whatever the totals say.
   *
   * @return the reason to abort, or empty to go on
   */
  private Optional<String> guard(RunReportBuilder report, Plan plan, PlanCollector collector) {
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
}
