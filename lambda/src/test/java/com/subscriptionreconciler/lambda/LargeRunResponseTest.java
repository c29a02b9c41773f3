package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.demo.BillingDatabaseSeeder;
import com.subscriptionreconciler.demo.SeedOrganization;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A run's response must fit wherever it is carried, whatever the account's size: Step Functions passes at most
 * 256 KiB between states, and a synchronous invoke fails past 6 MB. A real full run that inserts 20,000+
 * subscriptions (the real engine, database and Stripe emulator) returns a response under 64 KiB that still
 * carries the counts, and says how much of {@code details} it left out.
 */
@RealDatabase
class LargeRunResponseTest {
  private static final int SUBSCRIPTIONS = 20_500;
  private static final int RESPONSE_LIMIT = 64 * 1024;

  private final TestDatabase db;

  LargeRunResponseTest(TestDatabase db) {
    this.db = db;
  }

  @Test
  void aRunOfTwentyThousandChangesAnswersWithACompactSummary() throws IOException {
    db.truncateAll();
    try (StripeEmulator emulator = StripeEmulator.start()) {
      AccountGenerator.generate(emulator.account(), SUBSCRIPTIONS, 13);
      // every customer is an organization and no subscription row exists: each subscription is one insert
      AtomicLong id = new AtomicLong();
      new BillingDatabaseSeeder(db.dataSource()).insertOrganizations(emulator.account().customers()
          .map(c -> new SeedOrganization(id.incrementAndGet(), "Org " + id.get(), c.id(), "free", "none")));

      Map<String, String> env = new HashMap<>();
      env.put("JDBC_URL", db.jdbcUrl());
      env.put("DB_USER", db.user());
      env.put("DB_PASSWORD", db.password().reveal());
      env.put("STRIPE_SECRET_KEY", emulator.apiKey());
      env.put("STRIPE_API_BASE", emulator.baseUrl());
      env.put("STRIPE_MAX_RPS", "1000");
      ReconcilerHandler handler = new ReconcilerHandler(env, () -> {
        throw new AssertionError("no secret ids are configured");
      }, ProductionWiring::create);

      ByteArrayOutputStream response = new ByteArrayOutputStream();
      try (CapturedOutput ignored = CapturedOutput.start()) {
        handler.handleRequest(new ByteArrayInputStream(
            "{\"mode\":\"full\",\"force\":true}".getBytes(StandardCharsets.UTF_8)), response,
            LocalContext.of("large-run"));
      }

      JsonNode report = ReportJson.mapper().readTree(response.toByteArray());
      assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("succeeded");
      long created = report.path("created").asLong();
      assertThat(created).isGreaterThanOrEqualTo(20_000);
      assertThat(db.count("subscriptions")).isEqualTo(created);
      long changedEntities = created + report.path("synchronized").asLong() + report.path("archived").asLong();
      assertThat(response.size()).as("response bytes").isLessThan(RESPONSE_LIMIT);
      assertThat(report.path("runId").asText()).startsWith("r-");
      assertThat(report.path("detailsTruncated").asBoolean()).isTrue();
      assertThat(report.path("detailsTotal").asLong()).isEqualTo(changedEntities);
      assertThat(report.path("details").size()).isBetween(1, ReconcilerHandler.RESPONSE_MAX_DETAILS);
      assertThat(db.queryValue("SELECT COUNT(DISTINCT entity_id) FROM reconciliation_changes WHERE run_id = ?"
          + " AND entity = 'subscription'", report.path("runId").asText()))
          .as("the full detail stays in reconciliation_changes")
          .isEqualTo(created);
    }
  }
}
