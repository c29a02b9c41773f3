package com.subscriptionreconciler.run.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.plan.SubscriptionField;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.apply.ChangeTally;
import com.subscriptionreconciler.run.collect.Collected;
import com.subscriptionreconciler.run.collect.ListingPaused;
import com.subscriptionreconciler.run.collect.PlanCollector;
import com.subscriptionreconciler.run.guard.RunGuard;
import com.subscriptionreconciler.run.lifecycle.EarlierInvocations;
import com.subscriptionreconciler.run.lifecycle.ResumeState;
import com.subscriptionreconciler.run.lifecycle.RunReportBuilder;
import com.subscriptionreconciler.stripe.PartitionedLister;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The sequencer's order on fakes of its stages: collect, guard, apply, derive, record; and what an aborting guard,
 * a dry run, a paused invocation and a resumed one change in it. Each fake writes what it was asked into one
 * journal, so the order is asserted as the stages saw it.
 */
class RunSequenceTest {
  /** 10% of the rows checked, and 50 rows: a run aborts only past both. */
  private static final SafetyGuard LIMITS = new SafetyGuard(new ReconcileRules(Map.of(), "free", 0.10, 50));
  private static final Instant STARTED = Instant.parse("2026-12-07T10:00:00Z");

  private final List<String> journal = new ArrayList<>();
  private final PlanCollector collector = new PlanCollector();
  /** What the fake early writes wrote while the listing waited. */
  private List<String> writtenEarly = List.of();

  private static EntityChange cancel(String subscriptionId, long organizationId) {
    return new EntityChange(Entity.SUBSCRIPTION, 100L + organizationId, subscriptionId, Action.UPDATE,
        List.of(new FieldChange(SubscriptionField.STATUS, "active", "canceled")), 1, organizationId);
  }

  private static Plan planOf(long checked, List<EntityChange> changes, Set<Long> touchedOrganizations) {
    return new Plan(changes, List.of(), List.of(), checked, checked - changes.size(), 0, touchedOrganizations);
  }

  private static Collected finished(Plan plan, Set<Long> toDerive) {
    return new Collected(plan, toDerive, true, Optional.empty(), new Collected.Cursor.AfterFullRun());
  }

  private static List<String> ids(List<EntityChange> changes) {
    return changes.stream().map(EntityChange::stripeId).toList();
  }

  private RunSequence sequence(Collected collected, RunRequest request) {
    return new RunSequence(
        () -> {
          journal.add("collect");
          return collected;
        },
        RunGuard.forRequest(LIMITS, request),
        new RunSequence.Apply() {
          private final ChangeTally tally = new ChangeTally();

          @Override
          public List<EntityChange> notWrittenEarly(List<EntityChange> subscriptionChanges) {
            return subscriptionChanges.stream().filter(c -> !writtenEarly.contains(c.stripeId())).toList();
          }

          @Override
          public Set<Long> touchedEarly() {
            return writtenEarly.isEmpty() ? Set.of() : Set.of(5L);
          }

          @Override
          public void recordOnly(List<EntityChange> changes) {
            journal.add("record only " + ids(changes));
            tally.recordAll(changes);
          }

          @Override
          public Set<Long> write(List<EntityChange> changes) {
            journal.add("write " + ids(changes));
            changes.forEach(c -> tally.record(c, c.entityId()));
            return Set.of(9L);
          }

          @Override
          public ChangeTally tally() {
            return tally;
          }
        },
        (wholeAccount, organizations, subscriptionChanges) -> {
          journal.add("derive " + (wholeAccount ? "whole account " : "") + new TreeSet<>(organizations));
          return organizations.size();
        },
        new RunSequence.Recording() {
          @Override
          public WebhookHealthCheck.Found webhookHealth() {
            journal.add("webhook health");
            return new WebhookHealthCheck.Found(Optional.empty(), Optional.empty());
          }

          @Override
          public void advanceCheckpoint(Collected.Cursor cursor) {
            journal.add("advance checkpoint " + cursor.getClass().getSimpleName());
          }
        });
  }

  private static RunReportBuilder reportOf(RunRequest request) {
    return RunReportBuilder.of("run-1", request, STARTED);
  }

  @Test
  void aCleanRunCollectsGuardsAppliesDerivesAndThenMovesTheCheckpoint() throws Exception {
    RunRequest request = RunRequest.full(Trigger.SCHEDULE);
    writtenEarly = List.of("sub_1");
    Plan plan = planOf(100, List.of(cancel("sub_1", 1), cancel("sub_2", 2)), Set.of(7L));

    Optional<ResumeState> paused = sequence(finished(plan, Set.of(3L)), request).run(
        request, reportOf(request), Optional.empty(), collector);

    assertThat(paused).isEmpty();
    // derives: collected 3, written early 5, the plan's 7, written now 9
    assertThat(journal).containsExactly("collect", "webhook health", "write [sub_2]",
        "derive whole account [3, 5, 7, 9]", "advance checkpoint AfterFullRun");
  }

  @Test
  void anAbortingGuardRecordsWhatWasNotWrittenEarlyAndWritesNothing() throws Exception {
    RunRequest request = RunRequest.full(Trigger.SCHEDULE);
    writtenEarly = List.of("sub_0");
    // 60 of 100 rows: past 10% and past 50
    List<EntityChange> sixty = IntStream.range(0, 60).mapToObj(i -> cancel("sub_" + i, 1)).toList();
    RunReportBuilder report = reportOf(request);

    Optional<ResumeState> paused = sequence(finished(planOf(100, sixty, Set.of(1L)), Set.of()), request).run(
        request, report, Optional.empty(), collector);

    assertThat(paused).isEmpty();
    assertThat(report.aborting()).isTrue();
    assertThat(journal).hasSize(3).startsWith("collect", "webhook health");
    assertThat(journal.get(2)).startsWith("record only [sub_1, sub_2, ").endsWith(", sub_59]")
        .doesNotContain("sub_0,");
    assertThat(journal).noneMatch(call -> call.startsWith("write") || call.startsWith("derive")
        || call.startsWith("advance"));
  }

  @Test
  void aCollectionThatGaveUpAbortsTheRunWhateverItsTotalsSay() throws Exception {
    RunRequest request = RunRequest.full(Trigger.SCHEDULE);
    collector.abort("3 database rows name subscriptions Stripe did not list (wrong API key or account?)");
    RunReportBuilder report = reportOf(request);

    sequence(finished(planOf(1_000, List.of(cancel("sub_1", 1)), Set.of()), Set.of()), request).run(
        request, report, Optional.empty(), collector);

    assertThat(report.aborting()).isTrue();
    assertThat(journal).containsExactly("collect", "webhook health", "record only [sub_1]");
  }

  @Test
  void theGuardJudgesTheWholeRunCountingWhatEarlierInvocationsPlanned() throws Exception {
    RunRequest request = RunRequest.full(Trigger.SCHEDULE);
    // earlier invocations: 55 of 100 planned; this one: 1 of 10, fine alone, 56 of 110 with them
    RunReportBuilder report = reportOf(request).carry(
        new EarlierInvocations(100, 55, 45, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), List.of()));

    sequence(finished(planOf(10, List.of(cancel("sub_1", 1)), Set.of()), Set.of()), request).run(
        request, report, Optional.empty(), collector);

    assertThat(report.aborting()).isTrue();
    assertThat(journal).containsExactly("collect", "webhook health", "record only [sub_1]");
  }

  @Test
  void aDryRunRecordsEveryPlannedChangeDerivesAndLeavesTheCheckpoint() throws Exception {
    RunRequest request = RunRequest.full(Trigger.CLI).withDryRun(true);
    Plan plan = planOf(100, List.of(cancel("sub_1", 1), cancel("sub_2", 2)), Set.of(1L, 2L));

    sequence(finished(plan, Set.of()), request).run(request, reportOf(request), Optional.empty(), collector);

    assertThat(journal).containsExactly("collect", "webhook health", "record only [sub_1, sub_2]",
        "derive whole account [1, 2]");
  }

  @Test
  void aRunWithPerItemErrorsLeavesTheCheckpointSoTheirEventsAreReadAgain() throws Exception {
    RunRequest request = RunRequest.full(Trigger.SCHEDULE);
    collector.subscriptionFailed("sub_9", new IllegalStateException("Stripe answered 500"));

    sequence(finished(planOf(100, List.of(cancel("sub_1", 1)), Set.of()), Set.of()), request).run(
        request, reportOf(request), Optional.empty(), collector);

    assertThat(journal).containsExactly("collect", "webhook health", "write [sub_1]", "derive whole account [9]");
  }

  @Test
  void anEventRunReadsNoWebhookHealth() throws Exception {
    RunRequest request = new RunRequest(Trigger.EVENT, Mode.FULL, false, false, List.of(),
        List.of(), List.of("sub_1"));
    Collected targeted = new Collected(planOf(1, List.of(cancel("sub_1", 1)), Set.of()), Set.of(), false,
        Optional.empty(), new Collected.Cursor.Unmoved());

    sequence(targeted, request).run(request, reportOf(request), Optional.empty(), collector);

    assertThat(journal).containsExactly("collect", "write [sub_1]", "derive [9]", "advance checkpoint Unmoved");
  }

  @Test
  void aPausedInvocationHoldsItsChangesDerivesNothingAndSaysWhereItStands() throws Exception {
    RunRequest request = RunRequest.full(Trigger.SCHEDULE);
    List<PartitionedLister.Span> left = List.of(new PartitionedLister.Span(1_700_000_000L, 1_800_000_000L));
    Collected paused = new Collected(planOf(100, List.of(cancel("sub_1", 1)), Set.of(4L)), Set.of(), true,
        Optional.of(new ListingPaused(left, new long[] {11L, 12L}, List.of("sub_deferred"))),
        new Collected.Cursor.AfterFullRun());

    Optional<ResumeState> state =
        sequence(paused, request).run(request, reportOf(request), Optional.empty(), collector);

    assertThat(journal).containsExactly("collect");
    assertThat(state).isPresent();
    assertThat(state.get().invocations()).isEqualTo(1);
    assertThat(state.get().remaining()).isEqualTo(left);
    assertThat(state.get().seen()).containsExactly(11L, 12L);
    assertThat(state.get().deferredSubscriptionIds()).containsExactly("sub_deferred");
    assertThat(state.get().touchedOrganizationIds()).containsExactly(4L);
    assertThat(ids(state.get().heldChanges())).containsExactly("sub_1");
  }

  @Test
  void theInvocationThatFinishesAResumedRunWritesWhatEarlierOnesHeldFirst() throws Exception {
    RunRequest request = RunRequest.full(Trigger.SCHEDULE);
    ResumeState earlier = new ResumeState(2, false, List.of(), new long[0], List.of(), List.of(8L),
        new EarlierInvocations(100, 1, 99, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), List.of()),
        List.of(cancel("sub_held", 8)));
    Collected last = new Collected(planOf(100, List.of(cancel("sub_1", 1)), Set.of()), Set.of(8L), true,
        Optional.empty(), new Collected.Cursor.AfterFullRun());

    sequence(last, request).run(request, reportOf(request), Optional.of(earlier), collector);

    assertThat(journal).containsExactly("collect", "webhook health", "write [sub_held, sub_1]",
        "derive whole account [8, 9]", "advance checkpoint AfterFullRun");
  }
}
