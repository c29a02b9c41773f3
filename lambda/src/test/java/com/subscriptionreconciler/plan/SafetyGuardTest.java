package com.subscriptionreconciler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetyGuardTest {
  private final SafetyGuard guard = new SafetyGuard(new ReconcileRules(Map.of(), "free", 0.10, 50));

  @ParameterizedTest(name = "{0} changes of {1} rows -> proceed={2}")
  @CsvSource({
    // both limits must be exceeded; exactly at a limit proceeds
    "0,    0,    true",
    "50,   0,    true",   // at the absolute limit, however small the run
    "51,   0,    false",
    "51,   510,  true",   // exactly 10%
    "52,   510,  false",  // just over 10% and over 50
    "51,   509,  false",
    "100,  1000, true",   // exactly 10% (no floating-point surprise)
    "101,  1000, false",
    "812,  1000, false",
    "50,   100,  true",   // 50% but not more than 50 rows
    "999,  9990, true",
    "1000, 9990, false",
  })
  void tripsOnlyAboveBothLimits(long changes, long checked, boolean proceed) {
    assertThat(guard.decide(changes, checked, false).proceed()).isEqualTo(proceed);
  }

  @Test
  void abortReasonIsReadable() {
    SafetyGuard.Decision d = guard.decide(812, 1000, false);
    assertThat(d.proceed()).isFalse();
    assertThat(d.reason()).isEqualTo("would change 812 of 1000 rows (81.2%) > MAX_CHANGE_RATIO 10% and > "
        + "MAX_CHANGES_ABSOLUTE 50; if this is intended, rerun with --force (CLI) or \"force\": true (Lambda payload)");
    assertThat(guard.decide(60, 0, false).reason()).contains("60 of 0 rows (all)");
  }

  @Test
  void forceProceedsAndSaysItWasForced() {
    assertThat(guard.decide(812, 1000, true)).isEqualTo(new SafetyGuard.Decision(true, true, null));
    assertThat(guard.decide(1, 1000, true)).isEqualTo(new SafetyGuard.Decision(true, false, null));
  }

  @Test
  void countsSubscriptionChangesOfAPlanAgainstItsCheckedRows() {
    SafetyGuard strict = new SafetyGuard(new ReconcileRules(Map.of(), "free", 0.5, 0));
    EntityChange sub = new EntityChange(Entity.SUBSCRIPTION, 1L, "sub_1", Action.UPDATE,
        java.util.List.of(new FieldChange(SubscriptionField.STATUS, "active", "canceled")), 0, 1L);
    EntityChange org = new EntityChange(Entity.ORGANIZATION, 1L, "cus_1", Action.UPDATE,
        java.util.List.of(new FieldChange(OrganizationField.SUBSCRIPTION_STATUS, "active", "canceled")), null, 1L);
    Plan oneOfTwo = new Plan(java.util.List.of(sub, org), java.util.List.of(), java.util.List.of(), 2, 1, 0,
        java.util.Set.of());
    assertThat(strict.decide(oneOfTwo, false).proceed()).isTrue(); // 1 of 2: the org change is not counted
    Plan oneOfOne = new Plan(java.util.List.of(sub, org), java.util.List.of(), java.util.List.of(), 1, 0, 0,
        java.util.Set.of());
    assertThat(strict.decide(oneOfOne, false).proceed()).isFalse();
  }
}
