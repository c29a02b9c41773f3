package com.subscriptionreconciler.run.apply;

import static com.subscriptionreconciler.plan.SampleChanges.ARCHIVE;
import static com.subscriptionreconciler.plan.SampleChanges.INSERT;
import static com.subscriptionreconciler.plan.SampleChanges.ORG;
import static com.subscriptionreconciler.plan.SampleChanges.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.report.RunReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeTallyTest {
  @Test
  void countsEachActionAndOnlyUpdatesAsFieldDrift() {
    ChangeTally tally = new ChangeTally();
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
    ChangeTally tally = new ChangeTally();
    tally.recordAll(List.of(UPDATE));
    tally.record(INSERT, 77L);

    assertThat(tally.details()).containsExactly(
        new RunReport.EntityDetail("subscription", "10", "sub_1", "update", List.of(
            new RunReport.Change("status", "active", "past_due"), new RunReport.Change("plan_tier", "pro", "team"))),
        new RunReport.EntityDetail("subscription", "77", "sub_2", "insert", List.of(
            new RunReport.Change("status", null, "active"))));
  }
}
