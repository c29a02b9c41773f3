package com.subscriptionreconciler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.SubscriptionField;
import com.subscriptionreconciler.plan.Unlinked;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each drift of the demo scenario is really there: the reference plan (real planners, Stripe over HTTP) changes
 * exactly the manifest's fields of exactly the manifest's entities, and nothing else.
 */
@RealDatabase
class DemoDriftTest {
  private static StripeEmulator emulator;
  private static DemoScenario.Built scenario;
  private static Plan plan;
  private static Plan touchedOnlyPlan;

  @BeforeAll
  static void build(TestDatabase db) throws Exception {
    emulator = StripeEmulator.start(DemoScenario.emulatorOptions());
    scenario = DemoScenario.build(emulator.account(), db.dataSource());
    plan = ReferenceReconciliation.plan(db.dataSource(), emulator, scenario.rules(), true);
    touchedOnlyPlan = ReferenceReconciliation.plan(db.dataSource(), emulator, scenario.rules(), false);
    System.out.printf("demo expectation (derive every organization): synchronized=%d created=%d archived=%d"
            + " unlinked=%d%n", plan.changes().size(), plan.count(Entity.SUBSCRIPTION, Action.INSERT),
        plan.count(Entity.SUBSCRIPTION, Action.ARCHIVE), plan.unlinked().size());
    System.out.printf("demo expectation (derive touched organizations only): synchronized=%d%n",
        touchedOnlyPlan.changes().size());
    scenario.manifest().drifts().forEach(d -> System.out.println("  " + d.describe()));
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void oneDriftOfEveryKind() {
    assertThat(scenario.manifest().countByKind()).hasSize(DriftKind.values().length).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
    assertThat(scenario.manifest().drifts()).extracting(d -> d.kind().side()).contains(DriftKind.Side.DATABASE, DriftKind.Side.STRIPE);
  }

  @Test
  void everySubscriptionUpdateChangesExactlyTheDescribedFields() {
    List<Drift> updates = scenario.manifest().drifts().stream()
        .filter(d -> d.kind().expectation() == DriftKind.Expectation.UPDATE_SUBSCRIPTION).toList();
    assertThat(updates).hasSize(9);
    for (Drift d : updates) {
      EntityChange change = subscriptionChange(d.subscriptionRowId());
      assertThat(change.action()).as(d.describe()).isEqualTo(Action.UPDATE);
      assertThat(columns(change)).as(d.describe()).isEqualTo(d.fields());
      assertThat(d.fields()).as(d.describe()).isNotEmpty();
    }
  }

  @Test
  void statusDriftIsActiveInTheDatabaseAndCanceledInStripe() {
    Drift d = scenario.manifest().only(DriftKind.SUBSCRIPTION_CANCELED_IN_STRIPE);
    FieldChange status = subscriptionChange(d.subscriptionRowId()).change(SubscriptionField.STATUS).orElseThrow();
    assertThat(status.from()).isIn("active", "trialing", "past_due");
    assertThat(status.to()).isEqualTo("canceled");
    assertThat(d.fields()).contains("status", "canceled_at", "ended_at");
  }

  @Test
  void theMissingRowIsInsertedIntoItsOrganization(TestDatabase db) {
    Drift d = scenario.manifest().only(DriftKind.ROW_MISSING_IN_DATABASE);
    assertThat(db.queryValue("SELECT COUNT(*) FROM subscriptions WHERE stripe_subscription_id = ?", d.stripeSubscriptionId()))
        .isEqualTo(0L);
    EntityChange insert = plan.changes().stream()
        .filter(c -> c.action() == Action.INSERT && c.stripeId().equals(d.stripeSubscriptionId())).findFirst().orElseThrow();
    assertThat(insert.organizationId()).isEqualTo(d.organizationId());
  }

  @Test
  void theOrphanRowIsArchivedBecauseStripeAnswersResourceMissing() {
    Drift d = scenario.manifest().only(DriftKind.ORPHAN_ROW);
    InvalidRequestException missing = catchThrowableOfType(
        () -> client().v1().subscriptions().retrieve(d.stripeSubscriptionId()), InvalidRequestException.class);
    assertThat(missing.getCode()).isEqualTo("resource_missing");
    EntityChange archive = subscriptionChange(d.subscriptionRowId());
    assertThat(archive.action()).isEqualTo(Action.ARCHIVE);
    assertThat(columns(archive)).isEqualTo(d.fields());
    assertThat(archive.change(SubscriptionField.ARCHIVE_REASON).orElseThrow().to()).isEqualTo("stripe_subscription_missing");
  }

  @Test
  void theDeletedCustomersRowIsArchivedWithStripesFinalValues() throws Exception {
    Drift d = scenario.manifest().only(DriftKind.CUSTOMER_DELETED_IN_STRIPE);
    assertThat(client().v1().customers().retrieve(d.stripeCustomerId()).getDeleted()).isTrue();
    EntityChange archive = subscriptionChange(d.subscriptionRowId());
    assertThat(archive.action()).isEqualTo(Action.ARCHIVE);
    assertThat(columns(archive)).isEqualTo(d.fields()).contains("status", "archived_at", "archive_reason");
    assertThat(archive.change(SubscriptionField.ARCHIVE_REASON).orElseThrow().to()).isEqualTo("stripe_customer_deleted");
    assertThat(organizationChange(d.organizationId()).change(com.subscriptionreconciler.plan.OrganizationField.SUBSCRIPTION_STATUS)
        .orElseThrow().to()).isEqualTo("canceled");
  }

  @Test
  void theIdlessRowGetsItsSubscriptionIdFilledIn(TestDatabase db) {
    Drift d = scenario.manifest().only(DriftKind.ROW_WITHOUT_SUBSCRIPTION_ID);
    assertThat(db.queryValue("SELECT stripe_subscription_id FROM subscriptions WHERE id = ?", d.subscriptionRowId())).isNull();
    FieldChange filled = subscriptionChange(d.subscriptionRowId()).change(SubscriptionField.STRIPE_SUBSCRIPTION_ID).orElseThrow();
    assertThat(filled.to()).isEqualTo(d.stripeSubscriptionId());
  }

  @Test
  void theUnlinkedCustomerHasNoOrganizationAndIsReported(TestDatabase db) {
    Drift d = scenario.manifest().only(DriftKind.UNLINKED_CUSTOMER);
    assertThat(db.queryValue("SELECT COUNT(*) FROM organizations WHERE stripe_customer_id = ?", d.stripeCustomerId())).isEqualTo(0L);
    assertThat(plan.unlinked()).extracting(Unlinked::subscriptionId, Unlinked::customerId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(d.stripeSubscriptionId(), d.stripeCustomerId()));
  }

  @Test
  void theStaleOrganizationIsRederivedOnlyByARunThatDerivesEveryOrganization() {
    Drift d = scenario.manifest().only(DriftKind.ORGANIZATION_STALE_IN_DATABASE);
    assertThat(columns(organizationChange(d.organizationId()))).isEqualTo(d.fields());
    assertThat(touchedOnlyPlan.changesOf(Entity.ORGANIZATION)).noneMatch(c -> c.entityId().equals(d.organizationId()));
  }

  @Test
  void nothingChangesThatNoDriftExplains() {
    Set<String> drifted = scenario.manifest().drifts().stream()
        .filter(d -> d.kind().expectation() != DriftKind.Expectation.REPORT_UNLINKED
            && d.kind().expectation() != DriftKind.Expectation.UPDATE_ORGANIZATION)
        .map(Drift::stripeSubscriptionId).collect(Collectors.toSet());
    assertThat(plan.changesOf(Entity.SUBSCRIPTION)).extracting(EntityChange::stripeId)
        .containsExactlyInAnyOrderElementsOf(drifted);
    Set<Long> driftedOrganizations = scenario.manifest().drifts().stream()
        .map(Drift::organizationId).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    assertThat(plan.changesOf(Entity.ORGANIZATION)).extracting(EntityChange::entityId).isSubsetOf(driftedOrganizations);
  }

  private static EntityChange subscriptionChange(Long rowId) {
    return plan.changesOf(Entity.SUBSCRIPTION).stream()
        .filter(c -> rowId.equals(c.entityId())).findFirst()
        .orElseThrow(() -> new AssertionError("no planned change for subscription row " + rowId));
  }

  private static EntityChange organizationChange(Long organizationId) {
    return plan.changesOf(Entity.ORGANIZATION).stream()
        .filter(c -> organizationId.equals(c.entityId())).findFirst()
        .orElseThrow(() -> new AssertionError("no planned change for organization " + organizationId));
  }

  private static List<String> columns(EntityChange change) {
    return change.changes().stream().map(f -> f.field().column()).sorted().toList();
  }

  private static StripeClient client() {
    return StripeClient.builder().setApiKey(emulator.apiKey()).setApiBase(emulator.baseUrl()).build();
  }
}
