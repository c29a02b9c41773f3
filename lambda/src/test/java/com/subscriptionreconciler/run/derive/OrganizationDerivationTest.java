package com.subscriptionreconciler.run.derive;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.plan.OrganizationPlanner;
import com.subscriptionreconciler.plan.SubscriptionField;
import com.subscriptionreconciler.run.apply.PlanApplication;
import com.subscriptionreconciler.run.apply.WriteGate;
import com.subscriptionreconciler.run.collect.PlanCollector;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.store.PlanWriter;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The derive stage without a prescreen (targeted and incremental runs): only the organizations it is given are
 * derived, and a dry run derives over the subscription changes it planned, so it records what the real run would
 * write. Against the real database, which the stage reads and writes.
 */
@RealDatabase
class OrganizationDerivationTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final ReconcileRules RULES = new ReconcileRules(Map.of(), "free", 0.10, 50);

  private final TestDatabase db;

  OrganizationDerivationTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void twoOrganizationsWhoseColumnsTheirSubscriptionsDoNotMatch() {
    db.truncateAll();
    db.execute("INSERT INTO reconciliation_runs (id, `trigger`, mode, status, started_at)"
        + " VALUES ('run-derive', 'schedule', 'full', 'running', '2026-12-07 10:00:00')");
    // organization 1 has an active pro subscription but says free/none; organization 2 has none but says pro
    db.execute("INSERT INTO organizations (id, stripe_customer_id, plan_tier, subscription_status) VALUES"
        + " (1, 'cus_one', 'free', 'none'), (2, 'cus_two', 'pro', 'active')");
    db.execute("INSERT INTO subscriptions (id, organization_id, stripe_subscription_id, plan_tier, status) VALUES"
        + " (10, 1, 'sub_one', 'pro', 'active')");
  }

  private OrganizationDerivation derivation(boolean dryRun) {
    StatementCounter statements = new StatementCounter();
    PlanCollector collector = new PlanCollector();
    PlanApplication application = new PlanApplication("run-derive", NOW,
        new PlanWriter(db.dataSource(), statements, BillingSchema.product()), collector, WriteGate.OPEN);
    return new OrganizationDerivation(new BillingReads(db.dataSource(), statements),
        new OrganizationPlanner(RULES, NOW), application, collector, dryRun);
  }

  private Map<String, Object> organization(long id) {
    return db.query("SELECT plan_tier, subscription_status FROM organizations WHERE id = ?", id).get(0);
  }

  @Test
  void onlyTheOrganizationsGivenAreDerivedAndWritten() throws Exception {
    long checked = derivation(false).deriveAndWrite(Optional.empty(), Set.of(1L), List.of());

    assertThat(checked).isEqualTo(1);
    assertThat(organization(1)).containsEntry("plan_tier", "pro").containsEntry("subscription_status", "active");
    assertThat(organization(2)).as("not given: left as it is")
        .containsEntry("plan_tier", "pro").containsEntry("subscription_status", "active");
  }

  @Test
  void aDryRunDerivesOverItsPlannedChangesAndOnlyRecordsTheResult() throws Exception {
    db.execute("UPDATE organizations SET plan_tier = 'pro', subscription_status = 'active' WHERE id = 1");
    EntityChange cancelOne = new EntityChange(Entity.SUBSCRIPTION, 10L, "sub_one", Action.UPDATE,
        List.of(new FieldChange(SubscriptionField.STATUS, "active", "canceled")), 0, 1L);

    long checked = derivation(true).deriveAndWrite(Optional.empty(), Set.of(1L, 2L), List.of(cancelOne));

    assertThat(checked).isEqualTo(2);
    assertThat(organization(1)).as("a dry run writes nothing")
        .containsEntry("plan_tier", "pro").containsEntry("subscription_status", "active");
    assertThat(db.query("SELECT entity_id, field, old_value, new_value FROM reconciliation_changes"
            + " WHERE applied = FALSE ORDER BY entity_id, field"))
        .containsExactly(
            Map.of("entity_id", 1L, "field", "plan_tier", "old_value", "pro", "new_value", "free"),
            Map.of("entity_id", 1L, "field", "subscription_status", "old_value", "active", "new_value", "canceled"),
            Map.of("entity_id", 2L, "field", "plan_tier", "old_value", "pro", "new_value", "free"),
            Map.of("entity_id", 2L, "field", "subscription_status", "old_value", "active", "new_value", "none"));
  }
}
