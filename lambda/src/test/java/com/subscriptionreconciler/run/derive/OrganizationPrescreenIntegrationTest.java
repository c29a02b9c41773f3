package com.subscriptionreconciler.run.derive;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.plan.OrganizationPlanner;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.EngineFixture;
import com.subscriptionreconciler.run.EngineTest;
import com.subscriptionreconciler.run.apply.PlanApplication;
import com.subscriptionreconciler.run.apply.WriteGate;
import com.subscriptionreconciler.run.collect.PlanCollector;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.store.PlanWriter;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** A full run screens organizations while it lists, then derives and writes only the stale and touched ones. */
@EngineTest
class OrganizationPrescreenIntegrationTest {

  @Test
  void screeningCoversEveryLinkedOrganizationPageByPageAndFlagsOnlyTheStaleOnes(TestDatabase db) throws Exception {
    db.truncateAll();
    // 1,201 linked organizations without subscriptions: free/none is what they derive to, so they are in sync
    StringJoiner values = new StringJoiner(", ");
    for (int id = 1; id <= 1201; id++) {
      values.add("(" + id + ", 'cus_screen_" + id + "')");
    }
    db.execute("INSERT INTO organizations (id, stripe_customer_id) VALUES " + values);
    db.execute("UPDATE organizations SET plan_tier = 'pro' WHERE id IN (7, 600, 1201)");
    db.execute("INSERT INTO organizations (id, plan_tier) VALUES (5000, 'pro')"); // not linked: never screened
    BillingReads reads = new BillingReads(db.dataSource(), new StatementCounter());
    PlanCollector collector = new PlanCollector();
    PlanApplication writesNothingHere = new PlanApplication("r-screen", Instant.now(),
        new PlanWriter(db.dataSource(), new StatementCounter(), BillingSchema.product()), collector, WriteGate.OPEN);
    OrganizationPrescreen prescreen = new OrganizationPrescreen(reads, new OrganizationDerivation(reads,
        new OrganizationPlanner(EngineFixture.RULES, Instant.now()), writesNothingHere, collector, false));

    int pagesWithMore = 0;
    while (prescreen.step()) {
      pagesWithMore++;
    }

    assertThat(pagesWithMore).as("pages of 500: 500, 500, then the last 201").isEqualTo(2);
    assertThat(prescreen.flagged()).containsExactlyInAnyOrder(7L, 600L, 1201L);
    assertThat(prescreen.screenedCount()).isEqualTo(1201);
    assertThat(prescreen.step()).isFalse();
    assertThat(db.query("SELECT id FROM organizations WHERE plan_tier = 'pro'")).hasSize(4);
  }

  @Test
  void aFullRunChecksEveryLinkedOrganizationOnceAndWritesOnlyTheStaleOnes(EngineFixture f, TestDatabase db) {
    for (long id = 1; id <= 3; id++) {
      f.subscription(f.customerWithOrganization(id), f.proPrice, SubscriptionStatus.ACTIVE);
    }
    f.customerWithOrganization(4); // a customer without subscriptions
    assertThat(f.engine().run(EngineFixture.full()).created()).isEqualTo(3);
    db.execute("UPDATE organizations SET plan_tier = 'team' WHERE id = 2");
    db.execute("UPDATE organizations SET subscription_status = 'active' WHERE id = 4");
    // a write by the run moves updated_at: pin it so the ones the run leaves alone can be told apart
    db.execute("UPDATE organizations SET updated_at = '2020-01-01 00:00:00.000'");

    RunReport report = f.engine().run(EngineFixture.full());

    assertThat(report.totalOrganizations()).isEqualTo(4);
    assertThat(report.synchronized_()).isEqualTo(2);
    assertThat(f.organization(2)).containsEntry("plan_tier", "pro");
    assertThat(f.organization(4)).containsEntry("subscription_status", "none");
    List<Map<String, Object>> untouched =
        db.query("SELECT id FROM organizations WHERE updated_at = '2020-01-01 00:00:00.000' ORDER BY id");
    assertThat(untouched).extracting(r -> ((Number) r.get("id")).longValue()).containsExactly(1L, 3L);
  }
}
