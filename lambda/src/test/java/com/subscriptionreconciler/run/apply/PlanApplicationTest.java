package com.subscriptionreconciler.run.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.SubscriptionField;
import com.subscriptionreconciler.report.RunReport.ItemError;
import com.subscriptionreconciler.run.collect.PlanCollector;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.store.PlanWriter;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The apply stage with plans written here: what it writes, what it only records, how a lost race is re-planned
 * once, and that a run that lost its lock writes nothing more. The writes are the database's, so this runs against
 * the real one; the re-planner is a fake that says what fresh reads would have planned.
 */
@RealDatabase
class PlanApplicationTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  private final TestDatabase db;
  private final PlanCollector collector = new PlanCollector();
  /** The subscription ids the re-planner was asked about, one set per call. */
  private final List<Set<String>> replanned = new ArrayList<>();

  PlanApplicationTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void aRunningRunAndOneOrganizationWithTwoActiveSubscriptions() {
    db.truncateAll();
    db.execute("INSERT INTO reconciliation_runs (id, `trigger`, mode, status, started_at)"
        + " VALUES ('run-apply', 'schedule', 'full', 'running', '2026-12-07 10:00:00')");
    db.execute("INSERT INTO organizations (id, stripe_customer_id) VALUES (1, 'cus_apply')");
    db.execute("INSERT INTO subscriptions (id, organization_id, stripe_subscription_id, status, version) VALUES"
        + " (10, 1, 'sub_a', 'active', 0), (11, 1, 'sub_b', 'active', 3)");
  }

  /** Cancels the row as if it were at {@code version}. */
  private static EntityChange cancel(long rowId, String subscriptionId, int version) {
    return new EntityChange(Entity.SUBSCRIPTION, rowId, subscriptionId, Action.UPDATE,
        List.of(new FieldChange(SubscriptionField.STATUS, "active", "canceled")), version, 1L);
  }

  private PlanApplication application(WriteGate gate) {
    return new PlanApplication("run-apply", NOW,
        new PlanWriter(db.dataSource(), new StatementCounter(), BillingSchema.product()), collector, gate);
  }

  /** A re-planner whose fresh reads find the row at {@code version}. */
  private PlanApplication.Replanner freshReadsAt(int version) {
    return ids -> {
      replanned.add(ids);
      return Plan.of(List.of(cancel(11, "sub_b", version)));
    };
  }

  private Object statusOf(long rowId) {
    return db.queryValue("SELECT status FROM subscriptions WHERE id = ?", rowId);
  }

  @Test
  void aChangeThatLostARaceIsReplannedOnceFromFreshReadsAndWritten() throws Exception {
    PlanApplication application = application(WriteGate.OPEN);

    // sub_b was planned at version 2; the row is at 3
    Set<Long> touched = application.applySubscriptions(List.of(cancel(10, "sub_a", 0), cancel(11, "sub_b", 2)),
        freshReadsAt(3));

    assertThat(replanned).containsExactly(Set.of("sub_b"));
    assertThat(statusOf(10)).isEqualTo("canceled");
    assertThat(statusOf(11)).isEqualTo("canceled");
    assertThat(touched).containsExactly(1L);
    assertThat(application.tally().updated()).isEqualTo(2);
    assertThat(collector.errors()).isEmpty();
  }

  @Test
  void aChangeThatLosesTwiceIsLeftAsItIsAndReportedAsAnItemError() throws Exception {
    PlanApplication application = application(WriteGate.OPEN);

    application.applySubscriptions(List.of(cancel(11, "sub_b", 2)), freshReadsAt(1));

    assertThat(replanned).hasSize(1);
    assertThat(statusOf(11)).isEqualTo("active");
    assertThat(application.tally().updated()).isZero();
    assertThat(collector.errors()).containsExactly(
        new ItemError("sub_b", "subscription", "sub_b", "row kept changing while the run wrote it; left as is"));
  }

  @Test
  void recordingOnlyAuditsThePlanAndLeavesTheBillingRowsAlone() throws Exception {
    PlanApplication application = application(WriteGate.OPEN);

    application.recordOnly(List.of(cancel(10, "sub_a", 0)));

    assertThat(statusOf(10)).isEqualTo("active");
    assertThat(db.query("SELECT run_id, entity_id, field, old_value, new_value, applied FROM reconciliation_changes"))
        .singleElement().satisfies(audit -> assertThat(audit)
            .containsEntry("run_id", "run-apply").containsEntry("field", "status")
            .containsEntry("old_value", "active").containsEntry("new_value", "canceled")
            .containsEntry("applied", false));
    assertThat(application.tally().updated()).as("reported as planned").isEqualTo(1);
  }

  @Test
  void aRunThatLostItsLockStopsBeforeItsNextWrite() {
    PlanApplication application = application(() -> {
      throw new WriteGate.RunLockLost();
    });

    assertThatThrownBy(() -> application.applySubscriptions(List.of(cancel(10, "sub_a", 0)), freshReadsAt(0)))
        .isInstanceOf(WriteGate.RunLockLost.class);
    assertThat(statusOf(10)).isEqualTo("active");
    assertThat(db.count("reconciliation_changes")).isZero();
  }
}
