package com.subscriptionreconciler.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.app.Wiring;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.secrets.SecretsManagerClientFactory;
import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import com.subscriptionreconciler.testing.Reports;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;

/**
 * A handler wired as in production except for two stand-ins: Secrets Manager is the local fake (the real SDK
 * client talks to it) and the engine is a recording lambda, so the payload parsing and the outcome policy can be
 * pinned exactly (any report status, a crash). {@link HandlerEndToEndTest} runs the real engine.
 */
abstract class HandlerTestSupport {
  static final String STRIPE_KEY = "sk_test_51LeakCanaryDoNotPrint0123456789";
  static final String DB_PASSWORD = "db-pass-LeakCanary-42";

  final FakeSecretsManager secretsManager = FakeSecretsManager.start()
      .put("prod/stripe", "{\"STRIPE_SECRET_KEY\":\"" + STRIPE_KEY + "\"}")
      .put("prod/db", "{\"host\":\"rds.internal\",\"port\":3306,\"username\":\"reconciler\","
          + "\"password\":\"" + DB_PASSWORD + "\",\"dbname\":\"billing\"}");
  final List<RunRequest> requests = new ArrayList<>();
  final List<ReconcilerConfig> configs = new ArrayList<>();
  Function<RunRequest, RunReport> outcome = Reports::succeeded;

  /** A recording engine whose outcome each test chooses. */
  final Engine engine = request -> {
    requests.add(request);
    return outcome.apply(request);
  };

  final Wiring wiring = config -> {
    configs.add(config);
    return engine;
  };

  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(secretsManager.clientEnvironment());
    env.put("STRIPE_SECRET_ID", "prod/stripe");
    env.put("DB_SECRET_ID", "prod/db");
    env.put("POWERTOOLS_SERVICE_NAME", "subscription-reconciler");
    return env;
  }

  ReconcilerHandler handler(Map<String, String> env) {
    return new ReconcilerHandler(env, () -> SecretsManagerClientFactory.create(Environment.of(env)), wiring);
  }

  final ReconcilerHandler handler = handler(environment());

  @AfterEach
  void stop() {
    secretsManager.close();
  }

  static InputStream json(String payload) {
    return new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Invokes like the Lambda runtime does and returns the response body as JSON. */
  JsonNode invoke(ReconcilerHandler target, InputStream payload, CapturedOutput out) throws IOException {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    target.handleRequest(payload, response, LocalContext.of("req-" + requests.size()));
    return ReportJson.mapper().readTree(response.toByteArray());
  }

  JsonNode invoke(String payload) throws IOException {
    try (CapturedOutput out = CapturedOutput.start()) {
      return invoke(handler, json(payload), out);
    }
  }

}
