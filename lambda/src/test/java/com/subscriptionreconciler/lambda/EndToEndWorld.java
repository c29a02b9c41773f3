package com.subscriptionreconciler.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.app.Wiring;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.secrets.SecretsManagerClientFactory;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the production handler talks to, for real, except AWS itself: a real database (through the RDS-shaped
 * {@code DB_SECRET_ID} secret), the Stripe emulator over HTTP (key through {@code STRIPE_SECRET_ID}), and the fake
 * Secrets Manager spoken to by the real AWS SDK client. The wiring is
 * {@link com.subscriptionreconciler.app.ProductionWiring#create}, only counted.
 *
 * <p>Everything an invocation produces (stdout, response, exception with stack trace) is kept in {@link #produced}
 * so a test can prove no secret ever appears in it.
 *
 * <p>The account: organizations 1, 2 and 3, each with a Stripe customer and one subscription (1 active Pro,
 * 2 active Team, 3 trialing Pro). The database knows the organizations and, for organization 1 only, a stale
 * subscription row ({@code past_due}); subscriptions 2 and 3 are missing from it.
 */
final class EndToEndWorld implements AutoCloseable {
  /** Canaries: a real-looking live key and a password that must never be printed. */
  static final String STRIPE_KEY = "sk_test_51E2eLeakCanaryDoNotPrint987654321";
  static final String DB_PASSWORD_CANARY = "db-pass-E2eLeakCanary-77";

  private static final ObjectMapper JSON = new ObjectMapper();

  final TestDatabase db;
  final StripeEmulator emulator = StripeEmulator.start(EmulatorOptions.defaults().withApiKey(STRIPE_KEY));
  final FakeSecretsManager secretsManager = FakeSecretsManager.start();
  final List<Engine> enginesBuilt = new ArrayList<>();
  final StringBuilder produced = new StringBuilder();
  final String dbPassword;
  final String[] customers = new String[4];
  final String[] subscriptions = new String[4];
  private int invocations;

  EndToEndWorld(TestDatabase db) {
    this.db = db;
    db.truncateAll();
    // the embedded server accepts any password, so a canary proves the real one would not leak either
    this.dbPassword = db.password().reveal().isEmpty() ? DB_PASSWORD_CANARY : db.password().reveal();
    secretsManager.put("prod/stripe", "{\"STRIPE_SECRET_KEY\":\"" + STRIPE_KEY + "\"}");
    secretsManager.put("prod/db", rdsSecret(db, dbPassword));
    seedAccount();
  }

  private void seedAccount() {
    EmulatedAccount account = emulator.account();
    String pro = account.createProduct("prod_pro", "Pro", Map.of());
    String team = account.createProduct("prod_team", "Team", Map.of());
    account.createPrice(PriceSpec.monthly(pro, "pro_monthly", 4900).withId("price_pro_monthly"));
    account.createPrice(
        PriceSpec.monthly(team, null, 9900).withId("price_team_monthly").withMetadata(Map.of("plan_tier", "team")));
    String[] prices = {null, "price_pro_monthly", "price_team_monthly", "price_pro_monthly"};
    SubscriptionStatus[] statuses = {null, SubscriptionStatus.ACTIVE, SubscriptionStatus.ACTIVE,
        SubscriptionStatus.TRIALING};
    for (int org = 1; org <= 3; org++) {
      customers[org] = account.createCustomer(CustomerSpec.of("org" + org + "@example.com"));
      subscriptions[org] = account.createSubscription(
          SubscriptionSpec.forCustomer(customers[org]).price(prices[org]).status(statuses[org]));
      db.execute("INSERT INTO organizations (id, name, stripe_customer_id) VALUES (?, ?, ?)",
          org, "Org " + org, customers[org]);
    }
    db.execute("INSERT INTO subscriptions (organization_id, stripe_subscription_id, stripe_customer_id, status) "
        + "VALUES (1, ?, ?, 'past_due')", subscriptions[1], customers[1]);
    emulator.resetCounters();
  }

  /** The secret as RDS writes it for a MySQL instance. */
  private static String rdsSecret(TestDatabase db, String password) {
    URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    ObjectNode secret = JSON.createObjectNode()
        .put("engine", "mysql")
        .put("host", uri.getHost())
        .put("port", uri.getPort())
        .put("username", db.user())
        .put("password", password)
        .put("dbname", db.schema());
    return secret.toString();
  }

  /** The function's environment as the CDK stack sets it, pointed at the emulator and the fake Secrets Manager. */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(secretsManager.clientEnvironment());
    env.put("STRIPE_SECRET_ID", "prod/stripe");
    env.put("DB_SECRET_ID", "prod/db");
    env.put("STRIPE_API_BASE", emulator.baseUrl());
    env.put("STRIPE_MAX_RPS", "200");
    env.put("PLAN_TIER_MAP", "{\"pro_monthly\":\"pro\"}");
    env.put("POWERTOOLS_SERVICE_NAME", "subscription-reconciler");
    return env;
  }

  /** A fresh execution environment: the production wiring, its engines counted. */
  ReconcilerHandler handler(Map<String, String> env) {
    Wiring real = ProductionWiring::create;
    return new ReconcilerHandler(env, () -> SecretsManagerClientFactory.create(Environment.of(env)), config -> {
      Engine engine = real.create(config);
      enginesBuilt.add(engine);
      return engine;
    });
  }

  ReconcilerHandler handler() {
    return handler(environment());
  }

  /** One invocation as the Lambda runtime makes it; keeps everything it produced. */
  Invocation invoke(ReconcilerHandler handler, InputStream payload) {
    String requestId = "e2e-req-" + (++invocations);
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    Throwable thrown = null;
    CapturedOutput out = CapturedOutput.start();
    try {
      handler.handleRequest(payload, response, LocalContext.of(requestId));
    } catch (Throwable t) {
      thrown = t;
    } finally {
      out.close();
    }
    String body = response.toString(StandardCharsets.UTF_8);
    produced.append(out.raw()).append(body);
    if (thrown != null) {
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      produced.append(trace);
    }
    return new Invocation(requestId, out, body.isEmpty() ? null : readTree(body), thrown);
  }

  Invocation invoke(ReconcilerHandler handler, String payload) {
    return invoke(handler, new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)));
  }

  Map<String, Object> subscriptionRow(int organization) {
    List<Map<String, Object>> rows =
        db.query("SELECT * FROM subscriptions WHERE stripe_subscription_id = ?", subscriptions[organization]);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** Business rows as the application sees them, to prove a run left them alone. */
  List<Map<String, Object>> businessRows() {
    List<Map<String, Object>> rows = new ArrayList<>(db.query("SELECT * FROM organizations ORDER BY id"));
    rows.addAll(db.query("SELECT * FROM subscriptions ORDER BY id"));
    return rows;
  }

  private static JsonNode readTree(String body) {
    try {
      return ReportJson.mapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("response is not JSON: " + body, e);
    }
  }

  @Override
  public void close() {
    emulator.close();
    secretsManager.close();
  }

  /** What one invocation returned or threw, and what it wrote to stdout. */
  record Invocation(String requestId, CapturedOutput out, JsonNode response, Throwable thrown) {
    JsonNode report() {
      if (thrown != null) {
        throw new AssertionError("invocation failed: " + thrown + "\n" + out.raw(), thrown);
      }
      return response;
    }
  }
}
