package com.subscriptionreconciler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.ReconcileRules;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On a database no run ever changed, the guard's abort says why a first run finds so much and names --force. */
class FirstRunGuardTest {
  private static final ReconcileRules RULES = new ReconcileRules(Map.of(), "free", 0.10, 50);

  @Test
  void aNeverReconciledDatabaseGetsTheExplanationAndTheWayOn() {
    SafetyGuard.Decision d = new SafetyGuard(RULES, true).decide(812, 1000, false);

    assertThat(d.proceed()).isFalse();
    assertThat(d.reason()).contains("would change 812 of 1000 rows")
        .contains("--force")
        .endsWith("(these rows were never reconciled, so a first run meets all the drift its webhooks ever missed"
            + " at once: review it with a dry run, then force this first run)");
  }

  @Test
  void aDatabaseReconciledBeforeDoesNotGetIt() {
    assertThat(new SafetyGuard(RULES, false).decide(812, 1000, false).reason()).doesNotContain("never reconciled");
    assertThat(new SafetyGuard(RULES, true).decide(10, 1000, false).reason()).isNull();
  }
}
