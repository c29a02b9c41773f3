package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.Fixtures.NOW;
import static com.subscriptionreconciler.plan.Fixtures.RULES;
import static com.subscriptionreconciler.plan.Fixtures.item;
import static com.subscriptionreconciler.plan.Fixtures.org;
import static com.subscriptionreconciler.plan.Fixtures.row;
import static com.subscriptionreconciler.plan.Fixtures.rowFor;
import static com.subscriptionreconciler.plan.Fixtures.sub;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The parts of a plan a caller relies on beyond its actions: what derivation starts from, what rollback guards
 * on, what warnings say. */
class PlanDetailsTest {
  private static final Instant T1 = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-01T00:00:00Z");

  @Nested
  class OrganizationDerivationWithUnchangedRows {
    private final OrganizationPlanner planner = new OrganizationPlanner(RULES, NOW);

    @Test
    void anUnchangedActiveRowOutranksAnotherRowBeingArchived() {
      SubscriptionRow activeUnchanged = row(10).subscriptionId("sub_keep").tier("team").createdAt(T1).build();
      SubscriptionRow vanishing = row(11).subscriptionId("sub_gone").status("past_due").createdAt(T2).build();
      EntityChange archive = new EntityChange(Entity.SUBSCRIPTION, 11L, "sub_gone", Action.ARCHIVE, List.of(
          new FieldChange(SubscriptionField.STATUS, "past_due", "canceled"),
          new FieldChange(SubscriptionField.ARCHIVED_AT, null, "2026-11-26T15:00:00.123Z")), 3, 1L);
      OrganizationRow organization = org(1, "cus_A", "team", "active");

      Plan p = planner.plan(List.of(organization), Map.of(1L, List.of(activeUnchanged, vanishing)),
          List.of(archive), Set.of());

      // derived from both rows: the untouched active/team row decides, so nothing changes
      assertThat(p.changes()).isEmpty();
    }

    @Test
    void anUnchangedRowIsDerivedFromEvenWithoutAnyChangeOfItsOwn() {
      SubscriptionRow trialing = row(10).subscriptionId("sub_1").status("trialing").tier("team").build();

      Plan p = planner.plan(List.of(org(1, "cus_A", "free", "none")), Map.of(1L, List.of(trialing)), List.of(),
          Set.of());

      assertThat(p.changes()).containsExactly(new EntityChange(Entity.ORGANIZATION, 1L, "cus_A", Action.UPDATE,
          List.of(new FieldChange(OrganizationField.PLAN_TIER, "free", "team"),
              new FieldChange(OrganizationField.SUBSCRIPTION_STATUS, "none", "trialing")),
          null, 1L));
    }

    @Test
    void eachOrganizationIsDerivedFromItsOwnRowsOnly() {
      SubscriptionRow ofTwo = row(20).org(2).subscriptionId("sub_2").status("active").tier("team").build();

      Plan p = planner.plan(List.of(org(1, "cus_A", "pro", "active"), org(2, "cus_B", "team", "active")),
          Map.of(2L, List.of(ofTwo)), List.of(), Set.of());

      assertThat(p.changes()).extracting(EntityChange::entityId).containsExactly(1L);
      assertThat(p.changes().get(0).changes()).extracting(FieldChange::to).containsExactly("free", "none");
    }
  }

  @Nested
  class RollbackOfInserts {
    private final RollbackPlanner planner = new RollbackPlanner(NOW);

    private long auditId;

    private ChangeRecord inserted(SubscriptionField f, String value) {
      return new ChangeRecord(++auditId, "run_1", "subscription", 42L, "sub_42", "insert", f.column(), null, value,
          true, T1);
    }

    @Test
    void theArchiveIsGuardedByTheRowsCurrentVersionAndRestoresNothingElse() {
      SubscriptionRow now = row(42).subscriptionId("sub_42").status("active").version(6).build();

      RollbackPlan plan = planner.plan(List.of(inserted(SubscriptionField.STRIPE_SUBSCRIPTION_ID, "sub_42"),
          inserted(SubscriptionField.STATUS, "active")), List.of(CurrentEntity.of(now)));

      assertThat(plan.restores()).containsExactly(new EntityChange(Entity.SUBSCRIPTION, 42L, "sub_42",
          Action.ARCHIVE, List.of(
              new FieldChange(SubscriptionField.ARCHIVED_AT, null, "2026-11-26T15:00:00.123Z"),
              new FieldChange(SubscriptionField.ARCHIVE_REASON, null, "rolled_back")),
          6, null));
      assertThat(plan.refusals()).isEmpty();
    }

    @Test
    void theArchiveReasonsOldValueIsWhatTheRowHoldsNow() {
      // a stale reason left on an unarchived row (someone cleared archived_at by hand): the audit's old value
      // must be that reason, or rolling the rollback back would lose it
      SubscriptionRow now = row(42).subscriptionId("sub_42").status("active").version(2)
          .archived(null, "stripe_subscription_missing").build();

      RollbackPlan plan = planner.plan(List.of(inserted(SubscriptionField.STATUS, "active")),
          List.of(CurrentEntity.of(now)));

      assertThat(plan.restores().get(0).change(SubscriptionField.ARCHIVE_REASON)).contains(
          new FieldChange(SubscriptionField.ARCHIVE_REASON, "stripe_subscription_missing", "rolled_back"));
      assertThat(plan.asPlan().checked()).isEqualTo(1);
      assertThat(plan.asPlan().touchedOrganizationIds()).isEmpty();
    }
  }

  @Nested
  class Edges {
    @Test
    void projectionIgnoresOrganizationChangesEvenWhenTheirIdIsARowId() {
      SubscriptionRow row = row(1).subscriptionId("sub_1").status("active").build();
      EntityChange organization = new EntityChange(Entity.ORGANIZATION, 1L, "cus_A", Action.UPDATE,
          List.of(new FieldChange(OrganizationField.PLAN_TIER, "pro", "free")), null, 1L);

      assertThat(new SubscriptionProjection(NOW).project(1, List.of(row), List.of(organization)))
          .containsExactly(row);
    }

    @Test
    void changesThatCancelOutWithinTheRunAreNotCountedAsAlreadyRestored() {
      RollbackPlanner planner = new RollbackPlanner(NOW);
      List<ChangeRecord> run = List.of(
          new ChangeRecord(1, "run_1", "subscription", 7L, "sub_7", "update", "status", "active", "past_due", true, T1),
          new ChangeRecord(2, "run_1", "subscription", 7L, "sub_7", "update", "status", "past_due", "active", true, T1));

      RollbackPlan plan = planner.plan(run, List.of(CurrentEntity.of(row(7).subscriptionId("sub_7").build())));

      assertThat(plan.restores()).isEmpty();
      assertThat(plan.refusals()).isEmpty();
      assertThat(plan.alreadyRestored()).isZero();
    }

    @Test
    void aSubscriptionWithoutItemsOrMetadataHasEmptyOnes() {
      StripeSubscription s = new StripeSubscription("sub_1", "cus_A", "active", T1, null, false, null, null, null,
          null, null, null);

      assertThat(s.items()).isEmpty();
      assertThat(s.metadata()).isEmpty();
    }

    @Test
    void aRefusalNamesTheRowItsStripeIdAndShowsNullAsNull() {
      RollbackPlanner planner = new RollbackPlanner(NOW);
      ChangeRecord run = new ChangeRecord(1, "run_1", "subscription", 7L, "sub_7", "update", "cancel_at",
          "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z", true, T1);
      SubscriptionRow now = row(7).subscriptionId("sub_7").build();

      RollbackPlan plan = planner.plan(List.of(run), List.of(CurrentEntity.of(now)));

      assertThat(plan.refusals()).singleElement().extracting(RollbackPlan.Refusal::message).isEqualTo(
          "not rolled back: subscription 7 (sub_7): changed since the run: cancel_at is NULL, the run set "
              + "'2026-03-01T00:00:00.000Z'");
      assertThat(new RollbackPlan.Refusal(Entity.ORGANIZATION, 3, null, "gone").message())
          .isEqualTo("not rolled back: organization 3: gone");
    }
  }

  @Nested
  class Warnings {
    private final SubscriptionPlanner planner = new SubscriptionPlanner(RULES, NOW);

    @Test
    void unknownPriceNamesThePriceAndOneSubscription() {
      StripeSubscription s = sub("sub_1").items(item().price("price_mystery").build()).build();

      Plan p = planner.plan(new SubscriptionBatch(List.of(s), List.of(rowFor(s, 10).build()), List.of(org()),
          List.of(), Set.of()));

      assertThat(p.warnings()).containsExactly(
          new PlanWarning(PlanWarning.Kind.UNKNOWN_PRICE, "price_mystery", 1, "sub_1"));
      assertThat(p.warningMessages()).containsExactly("unknown price price_mystery: no PLAN_TIER_MAP entry, "
          + "lookup_key or plan_tier metadata; plan tier left unchanged (sub_1)");
    }

    @Test
    void aSubscriptionWithoutItemsOfAnotherOrganizationGetsBothWarningsEvenAfterMerging() {
      // both warnings have the subscription id as subject: merging by subject alone would lose one kind
      StripeSubscription s = sub("sub_1").items().build();
      SubscriptionRow row = rowFor(s, 10).org(2).build();

      Plan p = Plan.mergeAll(List.of(planner.plan(new SubscriptionBatch(List.of(s), List.of(row),
          List.of(org(), org(2, "cus_B", "pro", "active")), List.of(), Set.of()))));

      assertThat(p.warnings()).containsExactly(
          new PlanWarning(PlanWarning.Kind.NO_ITEMS, "sub_1", 1, "sub_1"),
          new PlanWarning(PlanWarning.Kind.ORGANIZATION_MISMATCH, "sub_1", 1, "row 10"));
      assertThat(p.warningMessages()).containsExactly(
          "subscription sub_1 has no items: price, quantity, period and plan tier left unchanged",
          "subscription sub_1 belongs to another organization's Stripe customer than its row's organization; "
              + "organization_id not changed (row 10)");
    }

    @Test
    void mergedWarningsKeepTheirKindSubjectAndFirstExampleAndCountOccurrences() {
      Plan a = new Plan(List.of(), List.of(), List.of(
          new PlanWarning(PlanWarning.Kind.UNMATCHED_ROW, "10", 1, "organization 1")), 1, 0, 1, Set.of());
      Plan b = new Plan(List.of(), List.of(), List.of(
          new PlanWarning(PlanWarning.Kind.UNMATCHED_ROW, "10", 1, "organization 7")), 1, 0, 1, Set.of());

      Plan merged = a.merge(b);

      assertThat(merged.warnings()).containsExactly(
          new PlanWarning(PlanWarning.Kind.UNMATCHED_ROW, "10", 2, "organization 1"));
      assertThat(merged.warningMessages()).containsExactly("subscription row 10 has no stripe_subscription_id and "
          + "its customer has no unmatched Stripe subscription left; left unchanged (2 times, e.g. organization 1)");
    }

    @Test
    void anUnknownPriceOnManySubscriptionsIsOneLineWithACount() {
      List<StripeSubscription> subs = List.of(
          sub("sub_1").items(item().price("price_mystery").build()).build(),
          sub("sub_2").items(item().price("price_mystery").build()).build());

      Plan merged = Plan.mergeAll(subs.stream()
          .map(s -> planner.plan(new SubscriptionBatch(List.of(s), List.of(rowFor(s, 10).build()),
              List.of(org()), List.of(), Set.of())))
          .toList());

      assertThat(merged.warningMessages()).containsExactly("unknown price price_mystery: no PLAN_TIER_MAP entry, "
          + "lookup_key or plan_tier metadata; plan tier left unchanged (2 times, e.g. sub_1)");
    }
  }
}
