package com.subscriptionreconciler.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.oracle.ReferenceModel.OrganizationOutcome;
import com.subscriptionreconciler.oracle.ReferenceModel.Outcome;
import com.subscriptionreconciler.oracle.ReferenceModel.RowFate;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeItem;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionBatch;
import com.subscriptionreconciler.plan.SubscriptionRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Shrunk counterexamples of {@link PlannerAgreesWithModelPropertyTest}, kept as named cases: each once made the
 * planner and the model disagree (a planner bug, or a rule the model had to state more precisely).
 */
class PlannerAgreesWithModelRegressionTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final ReferenceModel model =
      new ReferenceModel(Scenario.RULES.planTierMap(), Scenario.RULES.defaultPlanTier(), Scenario.NOW);

  /** Asserts agreement and returns the (agreed) outcome for the case's own expectations. */
  private Outcome agreed(SubscriptionBatch batch) {
    Outcome expected = PlannedOutcome.normalized(model.reconcile(batch.stripeSubscriptions(), batch.rows(),
        batch.organizations(), batch.customers(), batch.confirmedMissingSubscriptionIds()));
    Outcome actual = PlannedOutcome.normalized(
        PlannedOutcome.outcome(batch, PlannedOutcome.plan(batch, Scenario.RULES, Scenario.NOW)));
    assertThat(actual).isEqualTo(expected);
    return actual;
  }

  /** Trialing on one item; {@code lookupKey} "team_monthly" maps to tier "team", null leaves the price unknown. */
  private static StripeSubscription trialing(String id, String priceId, String lookupKey) {
    return new StripeSubscription(id, "cus_1", "trialing", T0, List.of(new StripeItem("si_1", priceId, lookupKey,
        "prod_1", null, null, 1L, T0, T0.plusSeconds(86_400), T0)), false, null, null, null, null, null, Map.of());
  }

  private static SubscriptionRow activeRow(long id, long organizationId, String subscriptionId, String customer) {
    return new SubscriptionRow(id, organizationId, subscriptionId, customer, "price_pro", "pro", "active", 1L, null,
        null, false, null, null, null, null, null, null, null, null, 0, T0);
  }

  @Test
  void twoPlannedInsertsThatTieGoToTheLaterOneAsTheirDatabaseIdsWill() {
    // found by the property test: the organization took its tier from whichever insert the list put first in a
    // dry run, but from the later one (higher id) once written. Both trialing, both created "now", no ids yet.
    SubscriptionBatch batch = new SubscriptionBatch(
        List.of(trialing("sub_team", "price_team_x", "team_monthly"), trialing("sub_unknown", "price_x", null)),
        List.of(), List.of(new OrganizationRow(1, "Org 1", "cus_1", "enterprise", "active")), List.of(), Set.of());

    Outcome outcome = agreed(batch);

    // the later insert has an unknown price: the organization keeps its tier rather than taking "team"
    assertThat(outcome.organizations()).containsEntry(1L, new OrganizationOutcome("enterprise", "trialing"));
  }

  @Test
  void aRowOfADeletedCustomerIsArchivedEvenWhenItsOrganizationIsNotInTheBatch() {
    // found with a planner that judged "deleted customer" by the organization's customer instead of the row's
    SubscriptionBatch batch = new SubscriptionBatch(List.of(),
        List.of(activeRow(1, 1, "sub_1", "cus_1"), activeRow(4, 1, "sub_4", "cus_3")), List.of(),
        List.of(new StripeCustomer("cus_3", true)), Set.of());

    Outcome outcome = agreed(batch);

    assertThat(outcome.rows().get(4L).fate()).isEqualTo(RowFate.ARCHIVED);
    assertThat(outcome.rows().get(4L).values()).containsEntry("archive_reason", "stripe_customer_deleted");
    assertThat(outcome.rows().get(1L).fate()).isEqualTo(RowFate.UNTOUCHED);
  }
}
