package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.demo.DemoOutcome;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.RunRequest.Mode;
import com.subscriptionreconciler.run.RunRequest.Trigger;
import com.subscriptionreconciler.testing.ExpectedJson;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code reconcile} and {@code rollback} against a recording engine: what reaches the engine, what is printed, exit codes. */
class ReconcileCommandTest {
  private final Cli cli = new Cli();

  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("JDBC_URL", "jdbc:mysql://db.invalid:3306/billing");
    env.put("DB_USER", "reconciler");
    env.put("DB_PASSWORD", "db-password-1");
    env.put("STRIPE_SECRET_KEY", "sk_test_reconcile");
    return env;
  }

  @Test
  void noFlagsIsAFullRealRunTriggeredByTheCli() {
    Cli.Result result = cli.run(env(), "reconcile");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(cli.requests).containsExactly(
        new RunRequest(Trigger.CLI, Mode.FULL, false, false, List.of(), List.of(), List.of()));
    assertThat(cli.configs).singleElement().satisfies(config -> {
      assertThat(config.stripe().apiKey().reveal()).isEqualTo("sk_test_reconcile");
      assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:mysql://db.invalid:3306/billing");
    });
  }

  @Test
  void everyFlagReachesTheRunRequest() {
    cli.run(env(), "reconcile", "--dry-run", "--mode", "incremental", "--organization", "7",
        "--organization", "8,9", "--customer", "cus_A", "--customer=cus_B", "--subscription", "sub_C", "--force");

    assertThat(cli.requests).containsExactly(new RunRequest(Trigger.CLI, Mode.INCREMENTAL, true, true,
        List.of(7L, 8L, 9L), List.of("cus_A", "cus_B"), List.of("sub_C")));
  }

  @Test
  void jsonOutputIsExactlyTheReportObject() throws Exception {
    cli.outcome = request -> Reports.of(request, "succeeded", true);

    Cli.Result result = cli.run(env(), "reconcile", "--format", "json");

    // written out from docs/reference.md, The run report: field names, ISO-8601 instants, nulls present
    ExpectedJson.assertMatches(ExpectedJson.parse(result.out()), """
        {"runId":"run_cli_1","trigger":"cli","mode":"full","dryRun":false,"status":"succeeded",
         "startedAt":"2026-01-05T03:00:00Z","finishedAt":"2026-01-05T03:00:01.234Z","durationMs":1234,
         "totalOrganizations":10,"totalSubscriptions":12,"synchronized":2,"created":1,"archived":0,"skipped":9,
         "unlinked":1,"errors":0,"driftByField":{"status":2},"stripeRequests":7,
         "warnings":["unknown price price_x"],
         "details":[{"entity":"subscription","id":"1000","stripeId":"sub_1","action":"update",
                     "changes":[{"field":"status","from":"active","to":"canceled"}]}],
         "abortReason":null,"fallbackReason":null,"error":null}
        """);
    assertThat(result.out().strip().lines()).as("one JSON document on stdout, nothing else").hasSize(1);
  }

  @Test
  void textOutputShowsTheVerdictCountsAndChanges() {
    cli.outcome = request -> Reports.of(request, "succeeded", true);

    Cli.Result result = cli.run(env(), "reconcile", "--dry-run");

    assertThat(result.out()).contains("Run run_cli_1  full dry-run  SUCCEEDED  (cli, 1234 ms)")
        .contains("would change 2").contains("status", "active -> canceled").contains("unknown price price_x");
  }

  @Test
  void aTargetedRunsHeaderSaysTargetedWhileItsJsonKeepsTheReportsMode() throws Exception {
    Cli.Result text = cli.run(env(), "reconcile", "--subscription", "sub_C");
    Cli.Result json = cli.run(env(), "reconcile", "--subscription", "sub_C", "--format", "json");

    assertThat(text.out()).startsWith("Run run_cli_1  targeted  SUCCEEDED  (cli, 1234 ms)");
    assertThat(ReportJson.mapper().readTree(json.out()).path("mode").asText()).isEqualTo("full");
  }

  @ParameterizedTest(name = "{0} dryRun={1} drift={2} -> exit {3}")
  @CsvSource({
    "succeeded, false, true,  0",
    "succeeded, true,  false, 0",
    "succeeded, true,  true,  3",
    "partial,   false, true,  4",
    "aborted,   false, true,  5",
    "failed,    false, false, 1",
  })
  void exitCodeFollowsTheReport(String status, boolean dryRun, boolean drift, int exit) {
    cli.outcome = request -> Reports.of(request, status, drift);

    Cli.Result result = dryRun ? cli.run(env(), "reconcile", "--dry-run") : cli.run(env(), "reconcile");

    assertThat(result.exit()).isEqualTo(exit);
    assertThat(result.out()).contains(status.toUpperCase(java.util.Locale.ROOT));
  }

  @Test
  void aFailedRunStillPrintsItsReportWithTheError() {
    cli.outcome = request -> Reports.of(request, "failed", false);

    Cli.Result result = cli.run(env(), "reconcile", "--format", "json");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).contains("\"status\":\"failed\"").contains("could not reach Stripe");
  }

  @Test
  void missingStripeKeyIsAConfigurationErrorNamingBothVariables() {
    Map<String, String> env = env();
    env.remove("STRIPE_SECRET_KEY");

    Cli.Result result = cli.run(env, "reconcile");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("configuration error:").contains("STRIPE_SECRET_KEY or STRIPE_SECRET_ID");
    assertThat(cli.configs).isEmpty();
    assertThat(result.out()).isEmpty();
  }

  @Test
  void missingDatabaseIsAConfigurationErrorForReconcileToo() {
    Map<String, String> env = env();
    env.remove("JDBC_URL");

    Cli.Result result = cli.run(env, "reconcile");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("no database configured: set JDBC_URL, DB_HOST or DB_SECRET_ID");
  }

  @Test
  void secretIdsResolveThroughSecretsManagerFromTheCliToo() {
    try (FakeSecretsManager secrets = FakeSecretsManager.start()
        .put("prod/stripe", "{\"STRIPE_SECRET_KEY\":\"sk_test_fromSecretsManager\"}")
        .put("prod/db", "{\"host\":\"rds.internal\",\"port\":3307,\"username\":\"reconciler\","
            + "\"password\":\"pw-from-sm\",\"dbname\":\"billing\"}")) {
      Map<String, String> env = new HashMap<>(secrets.clientEnvironment());
      env.put("STRIPE_SECRET_ID", "prod/stripe");
      env.put("DB_SECRET_ID", "prod/db");

      Cli.Result result = cli.run(env, "reconcile", "--dry-run");

      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(cli.configs).singleElement().satisfies(config -> {
        assertThat(config.stripe().apiKey().reveal()).isEqualTo("sk_test_fromSecretsManager");
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:mysql://rds.internal:3307/billing");
        assertThat(config.database().password().reveal()).isEqualTo("pw-from-sm");
      });
      assertThat(secrets.requestedIds()).containsExactlyInAnyOrder("prod/stripe", "prod/db");
    }
  }

  @Test
  void anEngineCrashIsOneLineAndExitOne() {
    cli.outcome = request -> {
      throw new IllegalStateException("engine crashed\nwith a second line");
    };

    Cli.Result result = cli.run(env(), "reconcile");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("error: engine crashed with a second line" + System.lineSeparator());
    assertThat(result.out()).isEmpty();
  }

  @Test
  void theCauseIsNamedButTheStackTraceOnlyAtDebug() {
    cli.outcome = request -> {
      throw new IllegalStateException("could not read page", new java.net.ConnectException("Connection refused"));
    };

    Cli.Result quiet = cli.run(env(), "reconcile");
    Map<String, String> debug = env();
    debug.put("LOG_LEVEL", "debug");
    Cli.Result verbose = cli.run(debug, "reconcile");

    assertThat(quiet.err()).contains("error: could not read page (caused by Connection refused)")
        .doesNotContain("\tat ");
    assertThat(verbose.err()).contains("error: could not read page").contains("\tat ")
        .contains("Caused by: java.net.ConnectException");
  }

  @Test
  void rollbackPassesTheRunIdDryRunAndTheCliTrigger() {
    Cli.Result result = cli.run(env(), "rollback", "run_2026_01_05", "--dry-run");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(cli.rollbacks).containsExactly("run_2026_01_05 dryRun=true trigger=cli");
    assertThat(result.out()).contains("Run run_cli_1");
  }

  @ParameterizedTest(name = "rollback {0} -> exit {1}")
  @CsvSource({"succeeded, 0", "partial, 4", "aborted, 5", "failed, 1"})
  void rollbackExitCodeFollowsItsReport(String status, int exit) {
    cli.rollbackOutcome = runId -> Reports.of(RunRequest.full(Trigger.CLI), status, true);

    assertThat(cli.run(env(), "rollback", "run_1").exit()).isEqualTo(exit);
  }

  @Test
  void rollbackOfAnUnknownRunIsAUsageErrorWithTheEnginesMessage() {
    cli.rollbackOutcome = runId -> {
      throw new IllegalArgumentException("no run with id '" + runId + "'");
    };

    Cli.Result result = cli.run(env(), "rollback", "nope");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("no run with id 'nope'").doesNotContain("Usage:");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void rollbackJsonIsTheReportObject() throws Exception {
    Cli.Result result = cli.run(env(), "rollback", "run_1", "--format", "json");

    assertThat(ReportJson.mapper().readTree(result.out()).path("runId").asText()).isEqualTo("run_cli_1");
  }

  @Test
  void demoDelegatesToTheDemoModule() {
    Cli.Result result = cli.run(Map.of(), "demo");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("demo ran" + System.lineSeparator());
  }

  @ParameterizedTest(name = "final check {0} drift={1}, every part shown={2} -> exit {3}")
  @CsvSource({
    "succeeded, false, true,  0",
    "succeeded, true,  true,  3",
    "partial,   false, true,  4",
    "aborted,   false, true,  5",
    "failed,    false, true,  1",
    "succeeded, false, false, 1",
  })
  void demosExitCodeIsItsFinalChecksUnlessAPartFailed(String status, boolean drift, boolean shown, int exit) {
    RunRequest finalCheck = new RunRequest(Trigger.CLI, Mode.FULL, true, false, null, null, null);
    cli.demoOutcome = new DemoOutcome(Reports.of(finalCheck, status, drift), shown);

    assertThat(cli.run(Map.of(), "demo").exit()).isEqualTo(exit);
  }
}
