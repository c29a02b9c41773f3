package com.subscriptionreconciler.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.plan.OrganizationField;
import com.subscriptionreconciler.plan.SubscriptionField;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealDatabase
class PlanWriterTest {
  static final Instant NOW = Instant.parse("2026-11-26T10:00:00.123Z");

  final TestDatabase db;
  final StatementCounter statements = new StatementCounter();
  final PlanWriter writer;
  final BillingReads reads;

  PlanWriterTest(TestDatabase db) {
    this.db = db;
    this.writer = new PlanWriter(db.dataSource(), statements);
    this.reads = new BillingReads(db.dataSource(), statements);
  }

  @BeforeEach
  void seed() {
    db.truncateAll();
    db.execute("INSERT INTO reconciliation_runs (id, `trigger`, mode, status, started_at) VALUES ('run_1','cli','full','running',?)", NOW);
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id, plan_tier, subscription_status) VALUES (1,'Acme','cus_1','pro','active')");
    db.execute("INSERT INTO subscriptions (id, organization_id, stripe_subscription_id, stripe_customer_id, status, plan_tier, version) VALUES (10, 1, 'sub_1', 'cus_1', 'active', 'pro', 3)");
  }

  static EntityChange statusUpdate(int expectedVersion) {
    return new EntityChange(
        Entity.SUBSCRIPTION, 10L, "sub_1", Action.UPDATE,
        List.of(new FieldChange(SubscriptionField.STATUS, "active", "past_due")), expectedVersion, 1L);
  }

  @Test
  void appliesAnUpdateBumpsTheVersionAndAuditsIt() throws Exception {
    PlanWriter.BatchOutcome outcome = writer.apply("run_1", List.of(statusUpdate(3)), NOW);

    assertThat(outcome.conflicts()).isEmpty();
    SubscriptionRow row = reads.subscriptionsByIds(List.of(10L)).get(0);
    assertThat(row.status()).isEqualTo("past_due");
    assertThat(row.version()).isEqualTo(4);
    List<Map<String, Object>> audit = db.query("SELECT entity, entity_id, stripe_id, action, field, old_value, new_value, applied FROM reconciliation_changes");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0))
        .containsEntry("field", "status")
        .containsEntry("old_value", "active")
        .containsEntry("new_value", "past_due")
        .containsEntry("action", "update")
        .containsEntry("stripe_id", "sub_1");
  }

  @Test
  void aRowTheWebhookChangedSinceWeReadItIsAConflictNotAnOverwrite() throws Exception {
    db.execute("UPDATE subscriptions SET status = 'canceled', version = version + 1 WHERE id = 10");

    PlanWriter.BatchOutcome outcome = writer.apply("run_1", List.of(statusUpdate(3)), NOW);

    assertThat(outcome.applied()).isEmpty();
    assertThat(outcome.conflicts()).hasSize(1);
    assertThat(db.queryValue("SELECT status FROM subscriptions WHERE id = 10")).isEqualTo("canceled");
    assertThat(db.count("reconciliation_changes")).isZero();
  }

  @Test
  void insertsReturnTheAssignedIdAndADuplicateIsAConflict() throws Exception {
    EntityChange insert =
        new EntityChange(
            Entity.SUBSCRIPTION, null, "sub_2", Action.INSERT,
            List.of(
                new FieldChange(SubscriptionField.STRIPE_SUBSCRIPTION_ID, null, "sub_2"),
                new FieldChange(SubscriptionField.STATUS, null, "trialing"),
                new FieldChange(SubscriptionField.CURRENT_PERIOD_END, null, "2026-12-26T10:00:00.000Z"),
                new FieldChange(SubscriptionField.METADATA, null, "{\"a\":\"1\"}")),
            null, 1L);

    PlanWriter.BatchOutcome first = writer.apply("run_1", List.of(insert), NOW);
    PlanWriter.BatchOutcome second = writer.apply("run_1", List.of(insert), NOW);

    long id = first.applied().get(0).rowId();
    SubscriptionRow row = reads.subscriptionsByIds(List.of(id)).get(0);
    assertThat(row.stripeSubscriptionId()).isEqualTo("sub_2");
    assertThat(row.currentPeriodEnd()).isEqualTo(Instant.parse("2026-12-26T10:00:00Z"));
    assertThat(row.organizationId()).isEqualTo(1L);
    assertThat(second.conflicts()).containsExactly(insert);
    assertThat(db.queryValue("SELECT COUNT(*) FROM reconciliation_changes WHERE entity_id = ?", id)).isEqualTo(4L);
  }

  @Test
  void organizationWritesAreGuardedByTheirPlannedFromValues() throws Exception {
    EntityChange downgrade =
        new EntityChange(
            Entity.ORGANIZATION, 1L, "cus_1", Action.UPDATE,
            List.of(new FieldChange(OrganizationField.PLAN_TIER, "pro", "free")), null, 1L);
    db.execute("UPDATE organizations SET plan_tier = 'team' WHERE id = 1");

    PlanWriter.BatchOutcome outcome = writer.apply("run_1", List.of(downgrade), NOW);

    assertThat(outcome.conflicts()).containsExactly(downgrade);
    assertThat(db.queryValue("SELECT plan_tier FROM organizations WHERE id = 1")).isEqualTo("team");
  }

  @Test
  void aDryRunRecordsPlannedChangesAndTouchesNoBillingRow() throws Exception {
    Object before = db.queryValue("SELECT updated_at FROM subscriptions WHERE id = 10");

    writer.recordPlanned("run_1", List.of(statusUpdate(3)), NOW);

    assertThat(db.queryValue("SELECT status FROM subscriptions WHERE id = 10")).isEqualTo("active");
    assertThat(db.queryValue("SELECT updated_at FROM subscriptions WHERE id = 10")).isEqualTo(before);
    assertThat(db.queryValue("SELECT applied FROM reconciliation_changes")).isIn(false, 0, 0L);
  }

  @Test
  void readsArePerPageNotPerRow() throws Exception {
    for (int i = 0; i < 300; i++) {
      db.execute("INSERT INTO subscriptions (organization_id, stripe_subscription_id, status) VALUES (1, ?, 'active')", "sub_x" + i);
    }
    List<String> ids = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "sub_x" + i).toList();
    long before = statements.count();

    assertThat(reads.subscriptionsByStripeIds(ids)).hasSize(300);
    assertThat(statements.count() - before).isEqualTo(1);
  }
}
