package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.plan.OrganizationField;
import com.subscriptionreconciler.plan.SubscriptionField;
import com.subscriptionreconciler.report.RunReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTallyTest {
  private static final EntityChange UPDATE = new EntityChange(Entity.SUBSCRIPTION, 10L, "sub_1", Action.UPDATE,
      List.of(new FieldChange(SubscriptionField.STATUS, "active", "past_due"),
          new FieldChange(SubscriptionField.PLAN_TIER, "pro", "team")), 3, 1L);
  private static final EntityChange INSERT = new EntityChange(Entity.SUBSCRIPTION, null, "sub_2", Action.INSERT,
      List.of(new FieldChange(SubscriptionField.STATUS, null, "active")), null, 1L);
  private static final EntityChange ARCHIVE = new EntityChange(Entity.SUBSCRIPTION, 11L, "sub_3", Action.ARCHIVE,
      List.of(new FieldChange(SubscriptionField.STATUS, "active", "canceled")), 0, 2L);
  private static final EntityChange ORG = new EntityChange(Entity.ORGANIZATION, 1L, "cus_A", Action.UPDATE,
      List.of(new FieldChange(OrganizationField.PLAN_TIER, "pro", "team")), null, 1L);

  @Test
  void countsEachActionAndOnlyUpdatesAsFieldDrift() {
    RunTally tally = new RunTally();
    tally.recordAll(List.of(UPDATE, INSERT, ARCHIVE, ORG));

    assertThat(tally.updated()).isEqualTo(2);
    assertThat(tally.created()).isEqualTo(1);
    assertThat(tally.archived()).isEqualTo(1);
    assertThat(tally.total()).isEqualTo(4);
    // An organization's plan_tier is counted apart from a subscription's.
    assertThat(tally.driftByField()).containsExactly(
        Map.entry("organization.plan_tier", 1L), Map.entry("plan_tier", 1L), Map.entry("status", 1L));
  }

  @Test
  void detailsUseWireNamesCanonicalValuesAndTheWrittenRowId() {
    RunTally tally = new RunTally();
    tally.recordAll(List.of(UPDATE));
    tally.record(INSERT, 77L);

    assertThat(tally.details()).containsExactly(
        new RunReport.EntityDetail("subscription", "10", "sub_1", "update", List.of(
            new RunReport.Change("status", "active", "past_due"), new RunReport.Change("plan_tier", "pro", "team"))),
        new RunReport.EntityDetail("subscription", "77", "sub_2", "insert", List.of(
            new RunReport.Change("status", null, "active"))));
  }
}
