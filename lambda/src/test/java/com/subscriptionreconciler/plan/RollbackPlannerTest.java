package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.Fixtures.NOW;
import static com.subscriptionreconciler.plan.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackPlannerTest {
  private final RollbackPlanner planner = new RollbackPlanner(NOW);

  private static ChangeRecord sub(long id, Action action, SubscriptionField f, String from, String to) {
    return recorded(Entity.SUBSCRIPTION, id, "sub_" + id, action, f, from, to, true);
  }

  private static ChangeRecord org(long id, OrganizationField f, String from, String to) {
    return recorded(Entity.ORGANIZATION, id, "cus_C", Action.UPDATE, f, from, to, true);
  }

  /** An audit row as the store reads it back: wire names and columns, not the planner's types. */
  private static ChangeRecord recorded(
      Entity entity, long id, String stripeId, Action action, Field f, String from, String to, boolean applied) {
    return new ChangeRecord(id * 100, "r-run", entity.wireName(), id, stripeId, action.wireName(), f.column(), from,
        to, applied, NOW);
  }

  @Test
  void restoresOldValuesOfRowsUnchangedSinceTheRun() {
    // the run moved row 10 from past_due/team to active/pro (DB now reads active/pro)
    SubscriptionRow now = row(10).subscriptionId("sub_10").status("active").tier("pro").version(8).build();
    RollbackPlan plan = planner.plan(List.of(
        sub(10, Action.UPDATE, SubscriptionField.STATUS, "past_due", "active"),
        sub(10, Action.UPDATE, SubscriptionField.PLAN_TIER, "team", "pro")), List.of(CurrentEntity.of(now)));
    assertThat(plan.refusals()).isEmpty();
    EntityChange c = plan.restores().get(0);
    assertThat(c.action()).isEqualTo(Action.UPDATE);
    assertThat(c.entityId()).isEqualTo(10L);
    assertThat(c.expectedVersion()).isEqualTo(8);
    assertThat(c.changes()).containsExactly(
        new FieldChange(SubscriptionField.STATUS, "active", "past_due"),
        new FieldChange(SubscriptionField.PLAN_TIER, "pro", "team"));
  }

  @Test
  void refusesARowThatChangedSinceWithTheReason() {
    SubscriptionRow now = row(10).subscriptionId("sub_10").status("canceled").tier("pro").build();
    RollbackPlan plan = planner.plan(List.of(
        sub(10, Action.UPDATE, SubscriptionField.STATUS, "past_due", "active"),
        sub(10, Action.UPDATE, SubscriptionField.PLAN_TIER, "team", "pro")), List.of(CurrentEntity.of(now)));
    assertThat(plan.restores()).isEmpty();
    assertThat(plan.refusals()).singleElement().satisfies(r -> {
      assertThat(r.entityId()).isEqualTo(10L);
      assertThat(r.reason()).isEqualTo("changed since the run: status is 'canceled', the run set 'active'");
      assertThat(r.message()).startsWith("not rolled back: subscription 10 (sub_10): changed since the run");
    });
  }

  @Test
  void comparesCanonically() {
    SubscriptionRow now = row(10).subscriptionId("sub_10")
        .period(Instant.parse("2026-11-10T09:00:00.000400Z"), Fixtures.PERIOD_END).metadata("{\"b\": 1, \"a\": 2}")
        .build();
    RollbackPlan plan = planner.plan(List.of(
        sub(10, Action.UPDATE, SubscriptionField.CURRENT_PERIOD_START, "2026-10-10T09:00:00.000Z",
            "2026-11-10T09:00:00Z"),
        sub(10, Action.UPDATE, SubscriptionField.METADATA, null, "{\"a\":2,\"b\":1}")),
        List.of(CurrentEntity.of(now)));
    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.restores().get(0).changes()).extracting(FieldChange::to)
        .containsExactly("2026-10-10T09:00:00.000Z", null);
  }

  @Test
  void undoesAnArchive() {
    SubscriptionRow now = row(10).subscriptionId("sub_10").status("canceled")
        .archived(Instant.parse("2026-11-20T00:00:00Z"), "stripe_subscription_missing").build();
    RollbackPlan plan = planner.plan(List.of(
        sub(10, Action.ARCHIVE, SubscriptionField.STATUS, "active", "canceled"),
        sub(10, Action.ARCHIVE, SubscriptionField.ARCHIVED_AT, null, "2026-11-20T00:00:00.000Z"),
        sub(10, Action.ARCHIVE, SubscriptionField.ARCHIVE_REASON, null, "stripe_subscription_missing")),
        List.of(CurrentEntity.of(now)));
    assertThat(plan.restores().get(0).action()).isEqualTo(Action.UPDATE);
    assertThat(plan.restores().get(0).changes()).extracting(FieldChange::to).containsExactly("active", null, null);
  }

  @Test
  void anInsertedRowIsArchivedNotDeleted() {
    SubscriptionRow now = row(42).subscriptionId("sub_42").status("active").build();
    RollbackPlan plan = planner.plan(List.of(
        sub(42, Action.INSERT, SubscriptionField.STRIPE_SUBSCRIPTION_ID, null, "sub_42"),
        sub(42, Action.INSERT, SubscriptionField.STATUS, null, "active")), List.of(CurrentEntity.of(now)));
    EntityChange c = plan.restores().get(0);
    assertThat(c.action()).isEqualTo(Action.ARCHIVE);
    assertThat(c.changes()).containsExactly(
        new FieldChange(SubscriptionField.ARCHIVED_AT, null, "2026-11-26T15:00:00.123Z"),
        new FieldChange(SubscriptionField.ARCHIVE_REASON, null, "rolled_back"));

    SubscriptionRow archived = row(42).subscriptionId("sub_42").status("active")
        .archived(Instant.parse("2026-11-25T00:00:00Z"), "stripe_customer_deleted").build();
    RollbackPlan refused = planner.plan(List.of(
        sub(42, Action.INSERT, SubscriptionField.STATUS, null, "active")), List.of(CurrentEntity.of(archived)));
    assertThat(refused.refusals()).singleElement().extracting(RollbackPlan.Refusal::reason).asString()
        .contains("already archived");
  }

  @Test
  void organizationsAndMissingRows() {
    OrganizationRow org = Fixtures.org(3, "cus_C", "free", "canceled");
    RollbackPlan plan = planner.plan(List.of(
        org(3, OrganizationField.PLAN_TIER, "pro", "free"),
        org(3, OrganizationField.SUBSCRIPTION_STATUS, "active", "canceled"),
        sub(99, Action.UPDATE, SubscriptionField.STATUS, "active", "canceled")), List.of(CurrentEntity.of(org)));
    assertThat(plan.restores()).singleElement().satisfies(c -> {
      assertThat(c.entity()).isEqualTo(Entity.ORGANIZATION);
      assertThat(c.organizationId()).isEqualTo(3L);
      assertThat(c.changes()).extracting(FieldChange::to).containsExactly("pro", "active");
    });
    assertThat(plan.refusals()).singleElement().extracting(RollbackPlan.Refusal::reason)
        .isEqualTo("the row no longer exists");
    Plan asPlan = plan.asPlan();
    assertThat(asPlan.changes()).hasSize(1);
    assertThat(asPlan.checked()).isEqualTo(2);
    assertThat(asPlan.untouched()).isEqualTo(1);
  }

  @Test
  void aRowOfAnotherAccountNowIsRefusedAsSuchAndAMissingOneAsMissing() {
    // the rollback's account sees neither row 10 nor row 11; row 10 exists, relabelled to another account
    SubscriptionRow relabelled = row(10).subscriptionId("sub_10").status("active").build();
    RollbackPlan plan = planner.plan(List.of(
            sub(10, Action.UPDATE, SubscriptionField.STATUS, "past_due", "active"),
            sub(11, Action.UPDATE, SubscriptionField.STATUS, "past_due", "active")),
        List.of(), List.of(CurrentEntity.of(relabelled)));

    assertThat(plan.restores()).isEmpty();
    assertThat(plan.refusals()).extracting(r -> r.entityId() + ": " + r.reason()).containsExactly(
        "10: the row now belongs to another Stripe account (its stripe_account changed since the run)",
        "11: the row no longer exists");
  }

  @Test
  void repeatedChangesOfOneFieldCollapseToFirstOldAndLastNew() {
    OrganizationRow org = Fixtures.org(3, "cus_C", "team", "active");
    RollbackPlan plan = planner.plan(List.of(
        org(3, OrganizationField.PLAN_TIER, "free", "pro"),
        org(3, OrganizationField.PLAN_TIER, "pro", "team")),
        List.of(CurrentEntity.of(org)));
    assertThat(plan.restores().get(0).changes())
        .containsExactly(new FieldChange(OrganizationField.PLAN_TIER, "team", "free"));

    RollbackPlan noop = planner.plan(List.of(
        org(3, OrganizationField.PLAN_TIER, "team", "pro"),
        org(3, OrganizationField.PLAN_TIER, "pro", "team")),
        List.of(CurrentEntity.of(org)));
    assertThat(noop.restores()).isEmpty();
    assertThat(noop.refusals()).isEmpty();
  }

  @Test
  void rowsAlreadyBackToTheirOldValuesAreNothingToDoNotRefusals() {
    // the run moved row 10 from past_due to active, and a first rollback moved it back
    SubscriptionRow restored = row(10).subscriptionId("sub_10").status("past_due").build();
    SubscriptionRow archivedByRollback = row(42).subscriptionId("sub_42").status("active")
        .archived(Instant.parse("2026-11-25T00:00:00Z"), "rolled_back").build();
    RollbackPlan plan = planner.plan(List.of(
        sub(10, Action.UPDATE, SubscriptionField.STATUS, "past_due", "active"),
        sub(42, Action.INSERT, SubscriptionField.STATUS, null, "active")),
        List.of(CurrentEntity.of(restored), CurrentEntity.of(archivedByRollback)));

    assertThat(plan.restores()).isEmpty();
    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.alreadyRestored()).isEqualTo(2);
    assertThat(plan.nothingLeft()).isTrue();
  }

  @Test
  void somethingStillToRefuseIsNotNothingLeft() {
    SubscriptionRow restored = row(10).subscriptionId("sub_10").status("past_due").build();
    SubscriptionRow changed = row(11).subscriptionId("sub_11").status("canceled").build();
    RollbackPlan plan = planner.plan(List.of(
        sub(10, Action.UPDATE, SubscriptionField.STATUS, "past_due", "active"),
        sub(11, Action.UPDATE, SubscriptionField.STATUS, "past_due", "active")),
        List.of(CurrentEntity.of(restored), CurrentEntity.of(changed)));

    assertThat(plan.alreadyRestored()).isEqualTo(1);
    assertThat(plan.refusals()).hasSize(1);
    assertThat(plan.nothingLeft()).isFalse();
  }

  @Test
  void plannedChangesOfADryRunAreNotUndone() {
    SubscriptionRow now = row(10).subscriptionId("sub_10").status("active").build();
    RollbackPlan plan = planner.plan(List.of(recorded(Entity.SUBSCRIPTION, 10, "sub_10", Action.UPDATE,
        SubscriptionField.STATUS, "past_due", "active", false)), List.of(CurrentEntity.of(now)));

    assertThat(plan.restores()).isEmpty();
    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.nothingLeft()).isFalse();
  }
}
