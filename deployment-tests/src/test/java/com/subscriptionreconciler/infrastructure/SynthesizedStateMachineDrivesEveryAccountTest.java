package com.subscriptionreconciler.infrastructure;

import static com.subscriptionreconciler.infrastructure.TableRows.row;
import static com.subscriptionreconciler.infrastructure.TableRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Two Stripe accounts reconcile into one database and the state machine drives both to completion": the stack is
 * synthesized with {@code stripeAccounts}, and its state machine's definition is executed by
 * {@link StatesLanguageInterpreter} (Step Functions cannot run here), whose {@code lambda:invoke} tasks call the
 * real {@link ReconcilerHandler} in-process, configured with the environment the template gives the function. The
 * handler's Lambda context reports a remaining time so short that every run's first invocation stops at its
 * deadline, so each account's loop has to resume its run.
 *
 * <p>The one task that cannot run in-process, {@code CheckAlone} (Step Functions' own {@code ListExecutions}),
 * answers what Step Functions would for a lone execution: itself.
 */
class SynthesizedStateMachineDrivesEveryAccountTest {
  private static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:reconciler-under-test";
  private static final String ACCOUNTS = "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true},"
      + "\"eu\":{\"secretId\":\"billing/stripe-eu\"}}";
  private static final String PLAN_TIER_MAP = "{\"pro_monthly\":\"pro\",\"team_monthly\":\"team\"}";
  private static final String US_KEY = "sk_test_fakeStateMachineUs";
  private static final String EU_KEY = "sk_test_fakeStateMachineEu";
  /** Listing gets 70% of it: the deadline has passed by the first page, so every first invocation pauses. */
  private static final int REMAINING_MILLIS = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final LocalParts parts = new LocalParts(US_KEY);
  static Map<String, String> synthesized;
  static JsonNode definition;

  final Map<String, Integer> invocationsByAccount = new LinkedHashMap<>();

  @BeforeAll
  static void synthesize() throws Exception {
    Synth synth = Synth.of(LocalDeployment.importContext("stripeAccounts", ACCOUNTS, "planTierMap", PLAN_TIER_MAP));
    synthesized = LocalDeployment.functionEnvironment(synth);
    String functionId = synth.logicalId("AWS::Lambda::Function");
    definition = JSON.readTree(resolve(
        synth.props("AWS::StepFunctions::StateMachine").get("DefinitionString"), functionId));
  }

  @Test
  void theStateMachineDrivesBothAccountsRunsToCompletionEachResumedAfterItsDeadline() throws Exception {
    assertThat(synthesized).containsEntry("STRIPE_ACCOUNTS", ACCOUNTS).doesNotContainKey("STRIPE_SECRET_ID");
    LocalDeployment local = LocalDeployment.of(synthesized, parts.database(), parts.emulator(),
        parts.secretsManager());
    EmbeddedMariaDb server = parts.database();
    Map<String, String> env = local.environment();
    String jdbcUrl = local.jdbcUrl();
    // the secret ids stripeAccounts names, each with its account's key
    parts.secretsManager().put("billing/stripe-us", "{\"STRIPE_SECRET_KEY\":\"" + US_KEY + "\"}");
    parts.secretsManager().put("billing/stripe-eu", "{\"STRIPE_SECRET_KEY\":\"" + EU_KEY + "\"}");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int migrated;
    try (CapturedOutput ignored = CapturedOutput.start()) {
      migrated = Main.execute(new String[] {"migrate"}, Environment.of(env), new PrintWriter(out),
          new PrintWriter(err), CliSeams.defaults());
    }
    assertThat(migrated).as(out + "\n" + err).isZero();
    Seeded seeded = seed(jdbcUrl);

    ReconcilerHandler handler = new ReconcilerHandler(
        env, () -> SecretsManagerClientFactory.create(Environment.of(env)), ProductionWiring::create);
    StatesLanguageInterpreter interpreter = new StatesLanguageInterpreter(definition, Map.of(
        "arn:aws:states:::lambda:invoke", parameters -> invoke(handler, parameters),
        "arn:aws:states:::aws-sdk:sfn:listExecutions", SynthesizedStateMachineDrivesEveryAccountTest::alone));

    StatesLanguageInterpreter.Execution execution = interpreter.execute(
        JSON.readTree("{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\"}"));

    assertThat(execution.status()).as("%s: %s (%s)", execution.visited(), execution.error(), execution.cause())
        .isEqualTo("SUCCEEDED");
    // the Outcomes summary of the two iterations' outcomes ("Done", "Done")
    assertThat(execution.output())
        .isEqualTo(JSON.readTree("{\"failed\":false,\"aborted\":false,\"unfinished\":false}"));
    assertThat(execution.visited()).containsSubsequence("CheckAlone", "Alone", "Accounts", "EachAccount",
        "Begin", "StartRun", "CountStart", "Finished", "Pause", "ResumeRun", "CountResume", "Finished", "AccountDone",
        "Begin", "StartRun", "CountStart", "Finished", "Pause", "ResumeRun", "CountResume", "Finished", "AccountDone",
        "Outcomes", "AllSucceeded", "Done");
    // us first, then eu (ItemsPath order, one at a time); each paused at least once
    assertThat(invocationsByAccount.keySet()).containsExactly("us", "eu");
    assertThat(invocationsByAccount.get("us")).isGreaterThanOrEqualTo(2);
    assertThat(invocationsByAccount.get("eu")).isGreaterThanOrEqualTo(2);
    assertThat(execution.waitsSkipped())
        .isEqualTo(invocationsByAccount.get("us") - 1 + invocationsByAccount.get("eu") - 1);

    // each account's drift fixed, nothing archived: neither account's run took the other's rows for orphans
    assertThat(rows(server, jdbcUrl, "SELECT stripe_subscription_id, stripe_account, status, plan_tier, quantity,"
        + " archived_at FROM subscriptions ORDER BY id")).containsExactly(
            row("stripe_subscription_id", seeded.usSubscription(), "stripe_account", null, "status", "active",
                "plan_tier", "pro", "quantity", 3L, "archived_at", null),
            row("stripe_subscription_id", seeded.euSubscription(), "stripe_account", "eu", "status", "active",
                "plan_tier", "team", "quantity", 5L, "archived_at", null));
    assertThat(rows(server, jdbcUrl, "SELECT name, stripe_account, plan_tier, subscription_status FROM organizations"
        + " ORDER BY id")).containsExactly(
            row("name", "Acme", "stripe_account", null, "plan_tier", "pro", "subscription_status", "active"),
            row("name", "Bratwurst GmbH", "stripe_account", "eu", "plan_tier", "team",
                "subscription_status", "active"));
    // one run row per account, each finished by its resumed invocation
    assertThat(rows(server, jdbcUrl, "SELECT stripe_account, status, mode, `trigger` FROM reconciliation_runs"
        + " ORDER BY started_at, id")).containsExactly(
            row("stripe_account", "us", "status", "succeeded", "mode", "full", "trigger", "schedule"),
            row("stripe_account", "eu", "status", "succeeded", "mode", "full", "trigger", "schedule"));
    assertThat(parts.emulator().writeAttempts()).isZero();
  }

  /**
   * Each account's drift. us (the default account, {@code stripe_account} NULL): Acme paid and upgraded to 3 seats
   * of Pro but its row still says 1 seat, past_due. eu: Bratwurst's subscription went to 5 seats of Team; its row
   * says 2, and the organization still free.
   */
  private Seeded seed(String jdbcUrl) throws SQLException {
    EmulatedAccount us = parts.emulator().account();
    String usProduct = us.createProduct("prod_us_app", "App", Map.of());
    String pro = us.createPrice(PriceSpec.monthly(usProduct, "pro_monthly", 4900).withId("price_us_pro"));
    String acme = us.createCustomer(CustomerSpec.of("acme@example.com"));
    String usSubscription = us.createSubscription(
        SubscriptionSpec.forCustomer(acme).item(pro, 3).status(SubscriptionStatus.ACTIVE));

    EmulatedAccount eu = parts.emulator().addAccount(EU_KEY, 7);
    String euProduct = eu.createProduct("prod_eu_app", "App", Map.of());
    String team = eu.createPrice(PriceSpec.monthly(euProduct, "team_monthly", 8900).withId("price_eu_team"));
    String bratwurst = eu.createCustomer(CustomerSpec.of("bratwurst@example.com"));
    String euSubscription = eu.createSubscription(
        SubscriptionSpec.forCustomer(bratwurst).item(team, 5).status(SubscriptionStatus.ACTIVE));

    EmbeddedMariaDb server = parts.database();
    try (Connection c = DriverManager.getConnection(jdbcUrl, server.user(), server.password().reveal());
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO organizations (id, name, stripe_customer_id, stripe_account, plan_tier,"
          + " subscription_status) VALUES (1, 'Acme', '" + acme + "', NULL, 'free', 'past_due'),"
          + " (2, 'Bratwurst GmbH', '" + bratwurst + "', 'eu', 'free', 'none')");
      s.execute("INSERT INTO subscriptions (organization_id, stripe_subscription_id, stripe_customer_id,"
          + " stripe_account, plan_tier, status, quantity) VALUES"
          + " (1, '" + usSubscription + "', '" + acme + "', NULL, 'pro', 'past_due', 1),"
          + " (2, '" + euSubscription + "', '" + bratwurst + "', 'eu', 'team', 'active', 2)");
    }
    return new Seeded(usSubscription, euSubscription);
  }

  private record Seeded(String usSubscription, String euSubscription) {}

  /** {@code lambda:invoke}: the real handler with the resolved Payload, answered as the Lambda integration does. */
  private JsonNode invoke(ReconcilerHandler handler, JsonNode parameters) throws StatesLanguageInterpreter.TaskFailed {
    assertThat(parameters.path("FunctionName").asText()).isEqualTo(FUNCTION_ARN);
    List<String> fields = new ArrayList<>();
    parameters.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).as("the invoke's parameters").containsExactlyInAnyOrder("FunctionName", "Payload");
    JsonNode payload = parameters.get("Payload");
    invocationsByAccount.merge(payload.path("account").asText("(none)"), 1, Integer::sum);
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    try (CapturedOutput ignored = CapturedOutput.start()) {
      handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(payload)), response,
          LocalContext.of("state-machine-" + invocationsByAccount.values().stream().mapToInt(Integer::intValue).sum())
              .withRemainingMillis(REMAINING_MILLIS)); // so little time that every full run pauses and resumes
    } catch (Exception e) {
      // Lambda reports a thrown exception as the invocation's error, named by its class
      throw new StatesLanguageInterpreter.TaskFailed(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
    }
    try {
      ObjectNode result = JSON.createObjectNode();
      result.put("ExecutedVersion", "$LATEST").put("StatusCode", 200)
          .set("Payload", JSON.readTree(response.toByteArray()));
      return result;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code ListExecutions} of running executions: Step Functions' answer while this execution runs alone. */
  private static JsonNode alone(JsonNode parameters) {
    assertThat(parameters.path("StatusFilter").asText()).isEqualTo("RUNNING");
    assertThat(parameters.path("StateMachineArn").asText()).startsWith("arn:aws:states:");
    ObjectNode result = JSON.createObjectNode();
    result.putArray("Executions").addObject().put("name", "this-execution").put("status", "RUNNING");
    return result;
  }

  /**
   * The definition as Step Functions receives it: the template's Fn::Join rendered, the function's ARN in place
   * of its GetAtt, the partition as {@code aws}; any other token fails (it would be an input this test ignores).
   */
  @SuppressWarnings("unchecked")
  private static String resolve(Object value, String functionId) {
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof Map<?, ?> map && map.size() == 1) {
      if (map.containsKey("Fn::Join")) {
        List<Object> args = (List<Object>) map.get("Fn::Join");
        StringBuilder joined = new StringBuilder();
        for (Object part : (List<Object>) args.get(1)) {
          if (!joined.isEmpty()) {
            joined.append((String) args.get(0));
          }
          joined.append(resolve(part, functionId));
        }
        return joined.toString();
      }
      if (List.of(functionId, "Arn").equals(map.get("Fn::GetAtt"))) {
        return FUNCTION_ARN;
      }
      if ("AWS::Partition".equals(map.get("Ref"))) {
        return "aws";
      }
    }
    throw new AssertionError("a token in the definition this test does not resolve: " + value);
  }
}
