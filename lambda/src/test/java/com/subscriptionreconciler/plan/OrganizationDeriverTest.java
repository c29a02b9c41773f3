package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.Fixtures.NOW;
import static com.subscriptionreconciler.plan.Fixtures.RULES;
import static com.subscriptionreconciler.plan.Fixtures.org;
import static com.subscriptionreconciler.plan.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganizationDeriverTest {
  private static final Instant T1 = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-01T00:00:00Z");
  private final OrganizationDeriver deriver = new OrganizationDeriver(RULES);

  private static SubscriptionRow sub(long id, String status, String tier) {
    return row(id).subscriptionId("sub_" + id).status(status).tier(tier).build();
  }

  private OrganizationDeriver.Derived target(List<SubscriptionRow> rows) {
    return deriver.target(org(), rows, false);
  }

  @ParameterizedTest(name = "{0} beats {1}")
  @CsvSource({
    "active, trialing", "trialing, past_due", "past_due, unpaid", "unpaid, incomplete", "incomplete, paused",
    "paused, canceled", "paused, incomplete_expired", "canceled, some_future_status",
    "active, canceled", "trialing, incomplete_expired",
  })
  void statusPrecedence(String better, String worse) {
    // the worse one is newer, so only the status can decide
    SubscriptionRow b = row(1).subscriptionId("sub_1").status(better).tier("pro").createdAt(T1).build();
    SubscriptionRow w = row(2).subscriptionId("sub_2").status(worse).tier("team").createdAt(T2).build();
    assertThat(target(List.of(w, b)).subscriptionStatus()).isEqualTo(better);
    assertThat(target(List.of(b, w)).subscriptionStatus()).isEqualTo(better);
  }

  @ParameterizedTest(name = "best status {0} -> tier {1}")
  @CsvSource({
    "active, team", "trialing, team", "past_due, team",
    "unpaid, free", "incomplete, free", "paused, free", "canceled, free", "incomplete_expired, free",
    "some_future_status, free",
  })
  void tierComesFromTheBestSubscriptionOnlyWhenItsStatusEntitles(String status, String tier) {
    assertThat(target(List.of(sub(1, status, "team")))).isEqualTo(new OrganizationDeriver.Derived(tier, status));
  }

  @Test
  void tiesAreBrokenByTheNewestRow() {
    SubscriptionRow older = row(5).subscriptionId("sub_old").tier("team").createdAt(T1).build();
    SubscriptionRow newer = row(4).subscriptionId("sub_new").tier("enterprise").createdAt(T2).build();
    assertThat(target(List.of(older, newer)).planTier()).isEqualTo("enterprise");
    assertThat(target(List.of(newer, older)).planTier()).isEqualTo("enterprise");
    // same created_at: the higher id is newer; a planned insert (no id yet) is newest of all
    SubscriptionRow sameTime = row(6).subscriptionId("sub_same").tier("team").createdAt(T2).build();
    assertThat(target(List.of(newer, sameTime)).planTier()).isEqualTo("team");
    SubscriptionRow planned = new Fixtures.RowBuilder(null).subscriptionId("sub_p").tier("pro").createdAt(T2).build();
    assertThat(target(List.of(newer, sameTime, planned)).planTier()).isEqualTo("pro");
  }

  @Test
  void twoPlannedInsertsThatTieGoToTheLaterOneAsTheirDatabaseIdsWill() {
    SubscriptionRow first = new Fixtures.RowBuilder(null).subscriptionId("sub_a").tier("team").createdAt(NOW).build();
    SubscriptionRow second = new Fixtures.RowBuilder(null).subscriptionId("sub_b").tier("pro").createdAt(NOW).build();

    assertThat(target(List.of(first, second)).planTier()).isEqualTo("pro");
    assertThat(target(List.of(second, first)).planTier()).isEqualTo("team");
  }

  @Test
  void noSubscriptionMeansDefaultTierAndNone() {
    assertThat(target(List.of())).isEqualTo(new OrganizationDeriver.Derived("free", "none"));
  }

  @Test
  void deletedCustomerMeansDefaultTierAndCanceledWhateverTheRowsSay() {
    assertThat(deriver.target(org(), List.of(sub(1, "active", "pro")), true))
        .isEqualTo(new OrganizationDeriver.Derived("free", "canceled"));
  }

  @Test
  void archivedRowsCountAsCanceled() {
    SubscriptionRow archivedButActive = row(1).subscriptionId("sub_1").status("active")
        .archived(T1, "rolled_back").build();
    assertThat(target(List.of(archivedButActive))).isEqualTo(new OrganizationDeriver.Derived("free", "canceled"));
    assertThat(target(List.of(archivedButActive, sub(2, "past_due", "team"))))
        .isEqualTo(new OrganizationDeriver.Derived("team", "past_due"));
  }

  @Test
  void anEntitledSubscriptionWithUnknownTierKeepsTheOrganizationsTier() {
    assertThat(deriver.target(org(3, "cus_C", "enterprise", "active"), List.of(sub(1, "active", null)), false))
        .isEqualTo(new OrganizationDeriver.Derived("enterprise", "active"));
  }

  @Test
  void changesOnlyWhereValuesDiffer() {
    OrganizationRow o = org(3, "cus_C", "pro", "active");
    assertThat(deriver.derive(o, List.of(sub(1, "active", "pro")), false)).isEmpty();
    EntityChange c = deriver.derive(o, List.of(sub(1, "past_due", "pro")), false).orElseThrow();
    assertThat(c.entity()).isEqualTo(Entity.ORGANIZATION);
    assertThat(c.entityId()).isEqualTo(3L);
    assertThat(c.stripeId()).isEqualTo("cus_C");
    assertThat(c.action()).isEqualTo(Action.UPDATE);
    assertThat(c.expectedVersion()).isNull();
    assertThat(c.changes()).containsExactly(
        new FieldChange(OrganizationField.SUBSCRIPTION_STATUS, "active", "past_due"));
    assertThat(deriver.derive(o, List.of(), false).orElseThrow().changes()).containsExactly(
        new FieldChange(OrganizationField.PLAN_TIER, "pro", "free"),
        new FieldChange(OrganizationField.SUBSCRIPTION_STATUS, "active", "none"));
  }

  @Test
  void organizationPlannerDerivesFromTheProjectedRows() {
    // the only row is active/pro in the database, but the plan cancels it and inserts a trialing team one
    SubscriptionRow current = row(10).subscriptionId("sub_1").build();
    SubscriptionPlanner planner = new SubscriptionPlanner(RULES, NOW);
    Plan subs = planner.plan(new SubscriptionBatch(
        List.of(Fixtures.sub("sub_1").status("canceled").build(),
            Fixtures.sub("sub_2").status("trialing").items(Fixtures.item().price("p").lookupKey("team_monthly")
                .build()).build()),
        List.of(current), List.of(org()), List.of(), Set.of()));
    OrganizationPlanner orgs = new OrganizationPlanner(RULES, NOW);
    Plan p = orgs.plan(List.of(org()), Map.of(Fixtures.ORG, List.of(current)), subs.changes(), Set.of());
    assertThat(p.changes()).hasSize(1);
    assertThat(p.changes().get(0).changes()).containsExactly(
        new FieldChange(OrganizationField.PLAN_TIER, "pro", "team"),
        new FieldChange(OrganizationField.SUBSCRIPTION_STATUS, "active", "trialing"));

    Plan deleted = orgs.plan(List.of(org()), Map.of(), List.of(), Set.of(Fixtures.CUSTOMER));
    assertThat(deleted.changes().get(0).changes()).extracting(FieldChange::to).containsExactly("free", "canceled");
  }

  @Test
  void projectionAppliesUpdatesArchivesAndInsertsOfThatOrganizationOnly() {
    SubscriptionRow r = row(10).subscriptionId("sub_1").build();
    EntityChange archive = new EntityChange(Entity.SUBSCRIPTION, 10L, "sub_1", Action.ARCHIVE, List.of(
        new FieldChange(SubscriptionField.STATUS, "active", "canceled"),
        new FieldChange(SubscriptionField.ARCHIVED_AT, null, "2026-11-26T15:00:00.123Z")), 3, 1L);
    EntityChange insertHere = new EntityChange(Entity.SUBSCRIPTION, null, "sub_2", Action.INSERT, List.of(
        new FieldChange(SubscriptionField.STATUS, null, "active")), null, 1L);
    EntityChange insertElsewhere = new EntityChange(Entity.SUBSCRIPTION, null, "sub_3", Action.INSERT, List.of(
        new FieldChange(SubscriptionField.STATUS, null, "active")), null, 2L);
    List<SubscriptionRow> projected = new SubscriptionProjection(NOW)
        .project(1, List.of(r), List.of(archive, insertHere, insertElsewhere));
    assertThat(projected).hasSize(2);
    assertThat(projected.get(0).status()).isEqualTo("canceled");
    assertThat(projected.get(0).archivedAt()).isEqualTo(Instant.parse("2026-11-26T15:00:00.123Z"));
    assertThat(projected.get(1).id()).isNull();
    assertThat(projected.get(1).createdAt()).isEqualTo(NOW);
  }
}
