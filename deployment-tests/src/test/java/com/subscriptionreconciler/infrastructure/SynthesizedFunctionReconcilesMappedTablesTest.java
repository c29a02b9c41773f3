package com.subscriptionreconciler.infrastructure;

import static com.subscriptionreconciler.infrastructure.TableRows.row;
import static com.subscriptionreconciler.infrastructure.TableRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.cli.CliSeams;
import com.subscriptionreconciler.cli.Main;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.db.EmbeddedMariaDb;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.lambda.LocalContext;
import com.subscriptionreconciler.lambda.ReconcilerHandler;
import com.subscriptionreconciler.secrets.SecretsManagerClientFactory;
import com.subscriptionreconciler.testing.CapturedOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "The stack synthesizes with a {@code schemaMap} and the deployed function reconciles mapped tables": the stack is
 * synthesized for an existing VPC and database with the application's table names in {@code schemaMap}, and the
 * real handler ({@link ReconcilerHandler}, the class Lambda calls) runs with exactly the environment variables the
 * template gives the function. Only what names a place is pointed at a local part: {@code DB_HOST}/{@code DB_PORT}
 * at an embedded MariaDB serving TLS (so the synthesized {@code DB_SSL_MODE=REQUIRED} stays as it is), the Stripe
 * API at the emulator over HTTP, and Secrets Manager at the local fake, which holds the two secrets under the very
 * ids the template names ({@code DB_SECRET_ID}, the database secret's ARN, and {@code STRIPE_SECRET_ID}).
 *
 * <p>The database is an application's own: {@code tenants} and {@code tenant_subscriptions}, other column names,
 * none of the product's bookkeeping columns; the operator adopts it with {@code migrate --adopt} run with the same
 * variables, as docs/reference.md (Existing databases) tells them to.
 */
class SynthesizedFunctionReconcilesMappedTablesTest {
  private static final String SCHEMA_MAP = "{\"organizations\":{\"table\":\"tenants\",\"columns\":{"
      + "\"id\":\"tenant_id\",\"name\":\"company\",\"stripe_customer_id\":\"stripe_customer\",\"plan_tier\":\"plan\","
      + "\"subscription_status\":\"billing_status\"}},"
      + "\"subscriptions\":{\"table\":\"tenant_subscriptions\",\"columns\":{\"id\":\"subscription_pk\","
      + "\"organization_id\":\"tenant_id\",\"stripe_subscription_id\":\"stripe_subscription\","
      + "\"stripe_customer_id\":\"stripe_customer\",\"plan_tier\":\"plan\",\"status\":\"state\","
      + "\"quantity\":\"seats\"}}}";
  private static final String PLAN_TIER_MAP = "{\"pro_monthly\":\"pro\",\"team_monthly\":\"team\"}";
  private static final String STRIPE_KEY = "sk_test_fakeDeployedFunctionKey";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final LocalParts parts = new LocalParts(STRIPE_KEY);
  static Map<String, String> synthesized;


  @BeforeAll
  static void synthesize() {
    synthesized = LocalDeployment.functionEnvironment(Synth.of(LocalDeployment.importContext(
        "schemaMap", SCHEMA_MAP,
        "planTierMap", PLAN_TIER_MAP)));
  }

  @Test
  void theFunctionReconcilesTheApplicationsTablesThroughTheSynthesizedSchemaMap() throws Exception {
    assertThat(synthesized).containsEntry("SCHEMA_MAP", SCHEMA_MAP).containsEntry("DB_SSL_MODE", "REQUIRED")
        .containsEntry("DB_NAME", "app").containsEntry("MIGRATE_ON_START", "false");
    LocalDeployment local = LocalDeployment.of(synthesized, parts.database(), parts.emulator(),
        parts.secretsManager());
    EmbeddedMariaDb server = parts.database();
    Map<String, String> env = local.environment();
    String jdbcUrl = local.jdbcUrl();
    parts.secretsManager().put(synthesized.get("STRIPE_SECRET_ID"), "{\"STRIPE_SECRET_KEY\":\"" + STRIPE_KEY + "\"}");

    Seeded seeded = seed(jdbcUrl);

    StringWriter adoptOut = new StringWriter();
    StringWriter adoptErr = new StringWriter();
    int adopted;
    try (CapturedOutput ignored = CapturedOutput.start()) {
      adopted = Main.execute(new String[] {"migrate", "--adopt"}, Environment.of(env), new PrintWriter(adoptOut),
          new PrintWriter(adoptErr), CliSeams.defaults());
    }
    assertThat(adopted).as(adoptOut + "\n" + adoptErr).isZero();

    ReconcilerHandler handler = new ReconcilerHandler(
        env, () -> SecretsManagerClientFactory.create(Environment.of(env)), ProductionWiring::create);
    JsonNode report = invoke(handler, "{\"mode\":\"full\"}");

    assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("succeeded");
    assertThat(report.get("created").asInt()).isEqualTo(1);
    assertThat(rows(server, jdbcUrl, "SELECT tenant_id, stripe_subscription, state, plan, seats FROM tenant_subscriptions"
        + " ORDER BY tenant_id")).containsExactly(
            row("tenant_id", 1, "stripe_subscription", seeded.acmeSubscription(), "state", "active", "plan", "pro",
                "seats", 3),
            row("tenant_id", 2, "stripe_subscription", seeded.globexSubscription(), "state", "trialing", "plan",
                "team", "seats", 1));
    assertThat(rows(server, jdbcUrl, "SELECT tenant_id, company, plan, billing_status FROM tenants ORDER BY tenant_id"))
        .containsExactly(
            row("tenant_id", 1, "company", "Acme", "plan", "pro", "billing_status", "active"),
            row("tenant_id", 2, "company", "Globex", "plan", "team", "billing_status", "trialing"),
            row("tenant_id", 3, "company", "Initech", "plan", "free", "billing_status", "none"));
    // the application's own column is the application's
    assertThat(rows(server, jdbcUrl, "SELECT notes FROM tenant_subscriptions WHERE tenant_id = 1"))
        .containsExactly(row("notes", "imported from the old billing system"));
    assertThat(parts.emulator().writeAttempts()).isZero();
    assertThat(parts.secretsManager().requestedIds()).contains(synthesized.get("DB_SECRET_ID"),
        synthesized.get("STRIPE_SECRET_ID"));

    // the same function's doctor payload shows the mapping it has, and its schema check agrees with the tables
    JsonNode doctor = invoke(handler, "{\"doctor\": true}");
    assertThat(doctor.at("/schemaMap/subscriptions/table").asText()).isEqualTo("tenant_subscriptions");
    assertThat(doctor.at("/schemaMap/subscriptions/columns/status").asText()).isEqualTo("state");
    assertThat(doctor.at("/schemaMap/organizations/columns/plan_tier").asText()).isEqualTo("plan");
    assertThat(checkStatus(doctor, "schema")).as(doctor.toString()).isEqualTo("pass");
  }

  /** The three tenants and the drift the application's webhook handler left behind. */
  private Seeded seed(String jdbcUrl) throws SQLException {
    EmulatedAccount account = parts.emulator().account();
    String product = account.createProduct("prod_app", "App", Map.of());
    String pro = account.createPrice(PriceSpec.monthly(product, "pro_monthly", 4900).withId("price_pro"));
    String team = account.createPrice(PriceSpec.monthly(product, "team_monthly", 9900).withId("price_team"));
    String acme = account.createCustomer(CustomerSpec.of("acme@example.com"));
    String globex = account.createCustomer(CustomerSpec.of("globex@example.com"));
    String acmeSubscription = account.createSubscription(
        SubscriptionSpec.forCustomer(acme).item(pro, 3).status(SubscriptionStatus.ACTIVE));
    String globexSubscription = account.createSubscription(
        SubscriptionSpec.forCustomer(globex).price(team).status(SubscriptionStatus.TRIALING));
    EmbeddedMariaDb server = parts.database();
    try (Connection c = DriverManager.getConnection(jdbcUrl, server.user(), server.password().reveal());
        Statement s = c.createStatement()) {
      s.execute("""
          CREATE TABLE tenants (
            tenant_id       INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            company         VARCHAR(120) NOT NULL,
            stripe_customer VARCHAR(64) NULL,
            plan            VARCHAR(20) NOT NULL DEFAULT 'free',
            billing_status  VARCHAR(20) NOT NULL DEFAULT 'none'
          ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
      s.execute("""
          CREATE TABLE tenant_subscriptions (
            subscription_pk     BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            tenant_id           INT NOT NULL,
            stripe_subscription VARCHAR(64) NULL,
            stripe_customer     VARCHAR(64) NULL,
            plan                VARCHAR(20) NULL,
            state               VARCHAR(20) NOT NULL,
            seats               INT NULL,
            notes               VARCHAR(200) NULL
          ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
      s.execute("INSERT INTO tenants (tenant_id, company, stripe_customer, plan, billing_status) VALUES"
          + " (1, 'Acme', '" + acme + "', 'free', 'past_due'), (2, 'Globex', '" + globex + "', 'free', 'none'),"
          + " (3, 'Initech', NULL, 'free', 'none')");
      // Acme upgraded to 3 seats of Pro and paid; Globex's trial never reached the application at all
      s.execute("INSERT INTO tenant_subscriptions (tenant_id, stripe_subscription, stripe_customer, plan, state,"
          + " seats, notes) VALUES (1, '" + acmeSubscription + "', '" + acme + "', 'free', 'past_due', 1,"
          + " 'imported from the old billing system')");
    }
    return new Seeded(acmeSubscription, globexSubscription);
  }

  private record Seeded(String acmeSubscription, String globexSubscription) {}

  private static JsonNode invoke(ReconcilerHandler handler, String payload) throws Exception {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    try (CapturedOutput ignored = CapturedOutput.start()) {
      handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), response,
          LocalContext.of("deployed-function"));
    }
    return JSON.readTree(response.toByteArray());
  }

  private static String checkStatus(JsonNode doctor, String name) {
    for (JsonNode check : doctor.get("checks")) {
      if (name.equals(check.get("name").asText())) {
        return check.get("status").asText();
      }
    }
    throw new AssertionError("doctor ran no check named " + name + ": " + doctor);
  }
}
