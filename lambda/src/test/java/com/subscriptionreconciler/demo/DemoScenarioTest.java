package com.subscriptionreconciler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RealDatabase
class DemoScenarioTest {

  @Test
  void twoBuildsGiveTheSameManifestAndTheSameRows(TestDatabase db) {
    Build first = build(db);
    Build second = build(db);

    assertThat(second.scenario().manifest()).isEqualTo(first.scenario().manifest());
    assertThat(second.scenario()).usingRecursiveComparison().ignoringFields("seeded.elapsedMillis")
        .isEqualTo(first.scenario());
    assertThat(second.rows()).isEqualTo(first.rows());
  }

  @Test
  void theIntroSaysWhatWasSeededWhichDriftsWereInjectedAndThatTheGuardIsRelaxed(TestDatabase db) {
    db.truncateAll();
    try (StripeEmulator emulator = StripeEmulator.start(DemoScenario.emulatorOptions())) {
      DemoScenario.Built scenario = DemoScenario.build(emulator.account(), db.dataSource());
      StringWriter text = new StringWriter();

      DemoIntro.print(scenario, emulator.baseUrl(), new PrintWriter(text));

      assertThat(text.toString())
          // after drift: one customer deleted and one added; one subscription removed and one added
          .contains("40 customers, 60 subscriptions")
          .contains("40 organizations and 60 subscription rows")
          .contains("now 59 subscription rows")
          .contains("MAX_CHANGE_RATIO=0.5 (production default 0.10)")
          .contains("The dry run below should find every one of them")
          .doesNotContain("Expect subscription updates");
      for (Drift d : scenario.manifest().drifts()) {
        assertThat(text.toString()).contains(d.describe());
      }
    }
  }

  @Test
  void refusesAnAccountThatIsNotEmpty(TestDatabase db) {
    try (StripeEmulator emulator = StripeEmulator.start(DemoScenario.emulatorOptions())) {
      emulator.account().createCustomer("someone@example.com", Map.of());
      assertThatThrownBy(() -> DemoScenario.build(emulator.account(), db.dataSource()))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private record Build(DemoScenario.Built scenario, List<Map<String, Object>> rows) {}

  private static Build build(TestDatabase db) {
    db.truncateAll();
    try (StripeEmulator emulator = StripeEmulator.start(DemoScenario.emulatorOptions())) {
      DemoScenario.Built scenario = DemoScenario.build(emulator.account(), db.dataSource());
      // updated_at is wall-clock time; everything else must repeat
      List<Map<String, Object>> rows = db.query(
          "SELECT s.*, o.plan_tier AS org_tier, o.subscription_status AS org_status FROM subscriptions s"
              + " JOIN organizations o ON o.id = s.organization_id ORDER BY s.id");
      rows.forEach(r -> r.remove("updated_at"));
      return new Build(scenario, rows);
    }
  }
}
