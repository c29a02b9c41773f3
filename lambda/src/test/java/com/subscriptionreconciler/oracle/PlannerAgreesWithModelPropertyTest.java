package com.subscriptionreconciler.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.subscriptionreconciler.oracle.ReferenceModel.Outcome;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.SubscriptionBatch;
import com.subscriptionreconciler.plan.SubscriptionPlanner;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The planner and the {@link ReferenceModel} must agree on what the database reads like after a run, for random
 * Stripe accounts and databases ({@link Scenario}), 1,500 per run. QuickTheories shrinks a failing case to its
 * smallest form and prints it with the seed ({@code -DQT_SEED=…} replays it); such counterexamples live on as
 * named cases in {@link PlannerAgreesWithModelRegressionTest}.
 */
class PlannerAgreesWithModelPropertyTest {
  static final int CASES = 1_500;

  private final ReferenceModel model =
      new ReferenceModel(Scenario.RULES.planTierMap(), Scenario.RULES.defaultPlanTier(), Scenario.NOW);

  @Test
  void plannerAndModelAgreeOnTheDatabaseAfterARun() {
    Map<String, Integer> seen = new TreeMap<>();

    qt().withExamples(CASES).withShrinkCycles(2_000).forAll(scenarios()).checkAssert(scenario -> {
      SubscriptionBatch batch = scenario.batch();

      Outcome expected = expected(batch);
      PlannedOutcome.Plans plans = PlannedOutcome.plan(batch, Scenario.RULES, Scenario.NOW);
      Outcome actual = PlannedOutcome.normalized(PlannedOutcome.outcome(batch, plans));

      assertThat(actual).isEqualTo(expected);
      count(seen, plans.merged());
    });

    // the generator reaches every rule often, so agreement is not agreement on trivial cases
    assertThat(seen).allSatisfy((kind, n) -> assertThat(n).as(kind).isGreaterThanOrEqualTo(CASES / 30));
    assertThat(seen).containsKeys("in sync", "SUBSCRIPTION UPDATE", "SUBSCRIPTION INSERT", "SUBSCRIPTION ARCHIVE",
        "ORGANIZATION UPDATE", "unlinked", "id filled in");
  }

  @Test
  void aSecondRunOverTheResultChangesNothing() {
    // "in sync means untouched": the database the model says a run leaves behind has no drift left
    qt().withExamples(1_000).withShrinkCycles(2_000).forAll(scenarios()).checkAssert(scenario -> {
      SubscriptionBatch batch = scenario.batch();
      SubscriptionBatch after = Resulting.database(batch, expected(batch));

      Plan second = new SubscriptionPlanner(Scenario.RULES, Scenario.NOW).plan(after);

      assertThat(second.changes()).isEmpty();
    });
  }

  private Outcome expected(SubscriptionBatch batch) {
    return PlannedOutcome.normalized(model.reconcile(batch.stripeSubscriptions(), batch.rows(),
        batch.organizations(), batch.customers(), batch.confirmedMissingSubscriptionIds()));
  }

  private static void count(Map<String, Integer> seen, Plan plan) {
    if (plan.changes().isEmpty()) {
      seen.merge("in sync", 1, Integer::sum);
    }
    plan.changes().stream().map(c -> c.entity() + " " + c.action()).distinct()
        .forEach(kind -> seen.merge(kind, 1, Integer::sum));
    if (!plan.unlinked().isEmpty()) {
      seen.merge("unlinked", 1, Integer::sum);
    }
    if (plan.changes().stream().anyMatch(c -> c.entityId() != null && c.changes().stream()
        .anyMatch(f -> f.field().column().equals("stripe_subscription_id")))) {
      seen.merge("id filled in", 1, Integer::sum);
    }
  }

  /** Scenarios from lists of small numbers, which QuickTheories shrinks towards shorter lists and zeros. */
  static Gen<Scenario> scenarios() {
    Gen<Integer> digit = integers().between(0, 99);
    Gen<List<Integer>> spec = lists().of(digit).ofSize(Scenario.SPEC_LENGTH);
    return lists().of(digit).ofSize(4).zip(
        lists().of(spec).ofSizeBetween(0, 4),
        lists().of(spec).ofSizeBetween(0, 6),
        lists().of(spec).ofSizeBetween(0, 6),
        lists().of(digit).ofSize(6),
        Scenario::new);
  }
}
