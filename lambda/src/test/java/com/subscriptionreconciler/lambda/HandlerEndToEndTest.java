package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.lambda.EndToEndWorld.Invocation;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lambda payloads, the run report, logs and metrics (docs/reference.md) end to end: the production handler
 * with the real engine ({@code ProductionWiring::create}), a real database, the Stripe emulator over HTTP and the real AWS
 * SDK reading both secrets from the fake Secrets Manager. Every test ends by scanning everything the handler
 * produced for the Stripe key and the DB password.
 */
@RealDatabase
class HandlerEndToEndTest {
  static final List<String> CONTRACT_METRICS = List.of("RunSucceeded", "RunFailed", "Synchronized", "Created",
      "Archived", "Errors", "DriftDetected", "Unlinked", "DurationMs", "StripeRequests");

  final TestDatabase db;
  EndToEndWorld world;

  HandlerEndToEndTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void start() {
    world = new EndToEndWorld(db);
  }

  @AfterEach
  void noSecretWasPrinted() {
    try {
      assertThat(world.produced.toString())
          .as("everything the handler produced")
          .isNotEmpty()
          .doesNotContain(EndToEndWorld.STRIPE_KEY)
          .doesNotContain(EndToEndWorld.STRIPE_KEY.substring(8))
          .doesNotContain(world.dbPassword);
    } finally {
      world.close();
    }
  }

  @Test
  void scheduledEventRunsAFullReconciliationThatFixesTheDatabase() throws IOException {
    String resource = "events/scheduled_event_real_run.json";
    ScheduledEvent event = EventLoader.loadScheduledEvent(resource);
    assertThat(event.getDetailType()).isEqualTo("Scheduled Event");

    Invocation invocation;
    try (InputStream raw = getClass().getClassLoader().getResourceAsStream(resource)) {
      invocation = world.invoke(world.handler(), raw);
    }

    JsonNode report = invocation.report();
    assertThat(report.path("trigger").asText()).isEqualTo("schedule");
    assertThat(report.path("mode").asText()).isEqualTo("full");
    assertThat(report.path("dryRun").asBoolean()).isFalse();
    assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("succeeded");
    assertThat(report.path("created").asLong()).isEqualTo(2);
    // subscription 1 (past_due, no price) and the three organizations, whose columns start empty
    assertThat(report.path("synchronized").asLong()).isEqualTo(4);
    assertThat(report.path("totalSubscriptions").asLong()).isEqualTo(3);
    assertThat(report.path("stripeRequests").asLong()).as("what the emulator counted")
        .isEqualTo(world.emulator.totalRequests());
    assertThat(report.path("driftByField").path("status").asLong()).isEqualTo(1);

    assertThat(world.subscriptionRow(1)).containsEntry("status", "active").containsEntry("plan_tier", "pro");
    assertThat(world.subscriptionRow(2)).containsEntry("status", "active").containsEntry("plan_tier", "team");
    assertThat(world.subscriptionRow(3)).containsEntry("status", "trialing");
    assertThat(db.query("SELECT plan_tier FROM organizations ORDER BY id"))
        .extracting(row -> row.get("plan_tier")).containsExactly("pro", "team", "pro");
    String runId = report.path("runId").asText();
    assertThat(db.query("SELECT `trigger`, status FROM reconciliation_runs WHERE id = ?", runId))
        .containsExactly(Map.of("trigger", "schedule", "status", "succeeded"));

    assertStructuredLogs(invocation, runId);
    JsonNode completed = invocation.out().logLine("Reconciliation completed");
    assertThat(completed.path("report")).isEqualTo(report);
    JsonNode emf = singleEmf(invocation);
    assertThat(emf.path("RunSucceeded").asDouble()).isEqualTo(1);
    assertThat(emf.path("Created").asDouble()).isEqualTo(2);
    assertThat(emf.path("StripeRequests").asDouble()).isEqualTo(report.path("stripeRequests").asDouble());
  }

  @Test
  void manualFullRunReturnsTheReport() {
    JsonNode report = world.invoke(world.handler(), "{\"mode\":\"full\",\"dryRun\":false,\"force\":false,"
        + "\"organizationIds\":[],\"customerIds\":[],\"subscriptionIds\":[]}").report();

    assertThat(report.path("trigger").asText()).isEqualTo("manual");
    assertThat(report.path("status").asText()).isEqualTo("succeeded");
    assertThat(report.path("created").asLong()).isEqualTo(2);
    assertThat(db.count("subscriptions")).isEqualTo(3);
  }

  @Test
  void dryRunReportsTheDriftAndChangesNoBusinessRow() {
    List<Map<String, Object>> before = world.businessRows();

    Invocation invocation = world.invoke(world.handler(), "{\"dryRun\":true}");

    JsonNode report = invocation.report();
    assertThat(report.path("dryRun").asBoolean()).isTrue();
    assertThat(report.path("status").asText()).isEqualTo("succeeded");
    assertThat(report.path("created").asLong()).isEqualTo(2);
    assertThat(report.path("details")).isNotEmpty();
    assertThat(world.businessRows()).isEqualTo(before);
    assertThat(db.queryValue("SELECT COUNT(*) FROM reconciliation_changes WHERE applied")).isEqualTo(0L);
    long reportedFieldChanges = 0;
    for (JsonNode detail : report.path("details")) {
      reportedFieldChanges += detail.path("changes").size();
    }
    assertThat(db.queryValue("SELECT COUNT(*) FROM reconciliation_changes")).isEqualTo(reportedFieldChanges);
    assertThat(singleEmf(invocation).path("RunSucceeded").asDouble()).as("a dry run fixes nothing").isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscriptionIds", "customerIds", "organizationIds"})
  void targetedRunTouchesOnlyWhatItNames(String field) {
    String id = switch (field) {
      case "subscriptionIds" -> "\"" + world.subscriptions[2] + "\"";
      case "customerIds" -> "\"" + world.customers[2] + "\"";
      default -> "2";
    };
    Map<String, Object> organization1 = db.query("SELECT * FROM organizations WHERE id = 1").get(0);
    Map<String, Object> staleRow = world.subscriptionRow(1);

    JsonNode report = world.invoke(world.handler(), "{\"" + field + "\":[" + id + "]}").report();

    assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("succeeded");
    assertThat(report.path("created").asLong()).isEqualTo(1);
    assertThat(world.subscriptionRow(2)).containsEntry("status", "active").containsEntry("plan_tier", "team");
    assertThat(world.subscriptionRow(3)).as("not named, not inserted").isNull();
    assertThat(world.subscriptionRow(1)).as("not named, left stale").isEqualTo(staleRow);
    assertThat(db.query("SELECT * FROM organizations WHERE id = 1").get(0)).isEqualTo(organization1);
    // the catalog (tiers), the one named object (retrieved, or listed by customer), webhook health: nothing else
    assertThat(world.emulator.totalRequests()).as(world.emulator.counters().snapshot().toString())
        .isLessThanOrEqualTo(3);
    assertThat(report.path("stripeRequests").asLong()).isEqualTo(world.emulator.totalRequests());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"mode\":\"sideways\"}",
      "{\"dryRun\":\"true\"}",
      "{\"organizationIds\":[\"2\"]}",
      "{\"mode\":\"full\",\"dry_run\":true}",
  })
  void invalidPayloadIsRejectedBeforeAnythingIsTouched(String payload) {
    List<Map<String, Object>> before = world.businessRows();

    Invocation invocation = world.invoke(world.handler(), payload);

    assertThat(invocation.thrown()).isInstanceOf(InvalidPayloadException.class);
    assertThat(invocation.out().logLine("Invalid payload, nothing was run: " + invocation.thrown().getMessage())
        .path("level").asText()).isEqualTo("WARN");
    assertThat(world.enginesBuilt).as("engine never built").isEmpty();
    assertThat(world.secretsManager.calls()).as("no secret read").isZero();
    assertThat(world.emulator.totalRequests()).as("Stripe never called").isZero();
    assertThat(db.count("reconciliation_runs")).isZero();
    assertThat(world.businessRows()).isEqualTo(before);
  }

  @Test
  void runThatCannotReachStripeFailsTheInvocationAfterItsReportAndMetrics() throws IOException {
    var env = world.environment();
    env.put("STRIPE_API_BASE", "http://127.0.0.1:" + closedPort());
    List<Map<String, Object>> before = world.businessRows();

    Invocation invocation = world.invoke(world.handler(env), "{}");

    assertThat(invocation.thrown()).isInstanceOf(ReconciliationFailedException.class)
        .hasMessageStartingWith("Reconciliation run ");
    JsonNode failed = invocation.out().logLine("Reconciliation failed");
    assertThat(failed.path("level").asText()).isEqualTo("ERROR");
    String runId = failed.path("report").path("runId").asText();
    assertThat(failed.path("runId").asText()).isEqualTo(runId);
    assertThat(failed.path("report").path("status").asText()).isEqualTo("failed");
    assertThat(invocation.thrown()).hasMessageContaining(runId);
    JsonNode emf = singleEmf(invocation);
    assertThat(emf.path("RunFailed").asDouble()).isEqualTo(1);
    assertThat(emf.path("RunSucceeded").asDouble()).isZero();
    assertThat(world.businessRows()).as("nothing applied").isEqualTo(before);
    assertThat(db.query("SELECT status FROM reconciliation_runs WHERE id = ?", runId))
        .containsExactly(Map.of("status", "failed"));
    assertThat(db.queryValue("SELECT COUNT(*) FROM reconciliation_changes WHERE applied")).isEqualTo(0L);
  }

  @Test
  void warmInvocationReusesTheEngineItsPoolAndTheCachedSecrets() {
    ReconcilerHandler handler = world.handler();

    JsonNode first = world.invoke(handler, "{}").report();
    Invocation second = world.invoke(handler, "{}");

    assertThat(first.path("created").asLong()).isEqualTo(2);
    JsonNode again = second.report();
    assertThat(again.path("status").asText()).isEqualTo("succeeded");
    assertThat(again.path("synchronized").asLong() + again.path("created").asLong() + again.path("archived").asLong())
        .as("in sync means untouched: a second run right after a successful run changes nothing").isZero();
    assertThat(world.enginesBuilt).as("one engine (and so one pool and one Stripe client)").hasSize(1);
    assertThat(world.secretsManager.requestedIds()).as("each secret fetched once per execution environment")
        .containsExactlyInAnyOrder("prod/stripe", "prod/db");
    assertThat(again.path("runId").asText()).isNotEqualTo(first.path("runId").asText());
    assertStructuredLogs(second, again.path("runId").asText());
  }

  @Test
  void migrateOnStartMigratesAnEmptyDatabaseOncePerExecutionEnvironment() {
    String fresh = "t_e2e_fresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    db.execute("CREATE DATABASE `" + fresh + "`");
    try {
      var env = world.environment();
      env.put("DB_NAME", fresh); // wins over the secret's dbname (docs/reference.md, Configuration)

      Invocation unconfigured = world.invoke(world.handler(env), "{}");
      assertThat(unconfigured.thrown()).as("without MIGRATE_ON_START an empty database is not migrated")
          .isInstanceOf(ReconciliationFailedException.class);
      assertThat(tables(fresh)).doesNotContain("subscriptions");

      env.put("MIGRATE_ON_START", "true");
      ReconcilerHandler handler = world.handler(env);
      Invocation first = world.invoke(handler, "{}");
      Invocation second = world.invoke(handler, "{}");

      assertThat(first.report().path("status").asText()).isEqualTo("succeeded");
      assertThat(first.report().path("unlinked").asLong()).as("no organizations in the new database").isEqualTo(3);
      assertThat(tables(fresh)).contains("organizations", "subscriptions", "reconciliation_runs");
      assertThat(first.out().logLines()).anyMatch(line -> line.path("message").asText()
          .startsWith("Schema migrations at start-up: 3 applied"));
      assertThat(second.report().path("status").asText()).isEqualTo("succeeded");
      assertThat(second.out().logLines()).noneMatch(line -> line.path("message").asText()
          .startsWith("Schema migrations at start-up"));
    } finally {
      db.execute("DROP DATABASE IF EXISTS `" + fresh + "`");
    }
  }

  @Test
  void invalidMigrateOnStartIsAConfigurationErrorBeforeAnythingRuns() {
    var env = world.environment();
    env.put("MIGRATE_ON_START", "yes");

    Invocation invocation = world.invoke(world.handler(env), "{}");

    assertThat(invocation.thrown()).hasMessage("MIGRATE_ON_START must be true or false");
    assertThat(world.enginesBuilt).isEmpty();
    assertThat(db.count("reconciliation_runs")).isZero();
  }

  private List<Object> tables(String schema) {
    return db.query("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ?", schema)
        .stream().map(row -> row.get("t")).toList();
  }

  /**
   * docs/reference.md, Logs, metrics and alarms: every log line is JSON with level, message and the request id; run
   * lines carry the run id.
   */
  private static void assertStructuredLogs(Invocation invocation, String runId) {
    List<JsonNode> lines = invocation.out().logLines();
    assertThat(lines).isNotEmpty().allSatisfy(line -> {
      assertThat(line.path("level").asText()).isNotEmpty();
      assertThat(line.path("message").asText()).isNotEmpty();
      assertThat(line.path("function_request_id").asText()).isEqualTo(invocation.requestId());
    });
    List<String> runLines = new ArrayList<>();
    lines.stream().filter(line -> line.has("runId")).forEach(line -> {
      assertThat(line.path("runId").asText()).isEqualTo(runId);
      runLines.add(line.path("message").asText());
    });
    assertThat(runLines).contains("Reconciliation completed")
        .anyMatch(message -> message.startsWith("Reconciliation started"));
  }

  /**
   * docs/reference.md, Logs, metrics and alarms: one EMF document per run, namespace SubscriptionReconciler, with
   * every metric.
   */
  private static JsonNode singleEmf(Invocation invocation) {
    List<JsonNode> documents = invocation.out().emfDocuments();
    assertThat(documents).hasSize(1);
    JsonNode emf = documents.get(0);
    JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(directive.path("Namespace").asText()).isEqualTo("SubscriptionReconciler");
    List<String> names = new ArrayList<>();
    directive.path("Metrics").forEach(metric -> names.add(metric.path("Name").asText()));
    assertThat(names).containsAll(CONTRACT_METRICS);
    return emf;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
