package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.db.EmbeddedMariaDb;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The synthesized function's environment on this machine: what names a place is pointed at a local part (the
 * database at an embedded MariaDB, the Stripe API at the emulator, Secrets Manager at the local fake, which holds
 * the database secret under the synthesized {@code DB_SECRET_ID}); every other variable stays as synthesized.
 */
record LocalDeployment(Map<String, String> environment, String jdbcUrl) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An import deploy's context with {@code keyValues} added; the asset is a placeholder, never deployed here. */
  static Map<String, Object> importContext(Object... keyValues) {
    Map<String, Object> context = Synth.with(Synth.importContext(), "lambdaJarPath",
        Synth.MODULE_DIR.getParent().resolve("infrastructure/src/test/resources/dummy-lambda-asset").toString());
    return Synth.with(context, keyValues);
  }

  /** The variables of the reconciler function in the template, each a plain string (nothing left to resolve). */
  static Map<String, String> functionEnvironment(Synth synth) {
    Map<String, String> env = new LinkedHashMap<>();
    synth.environment().forEach((name, value) -> {
      assertThat(value).as("%s is a plain value in an import deploy", name).isInstanceOf(String.class);
      env.put(name, (String) value);
    });
    return env;
  }

  /**
   * Creates the synthesized {@code DB_NAME} on {@code server}, stores its RDS-shaped secret, and returns the
   * synthesized variables with the local places and what Lambda's runtime adds (region, credentials).
   */
  static LocalDeployment of(Map<String, String> synthesized, EmbeddedMariaDb server, StripeEmulator emulator,
                            FakeSecretsManager secretsManager) {
    String database = synthesized.get("DB_NAME");
    server.createDatabase(database);
    secretsManager.put(synthesized.get("DB_SECRET_ID"), JSON.createObjectNode().put("engine", "mysql")
        .put("host", "127.0.0.1").put("port", server.port()).put("username", server.user())
        .put("password", server.password().reveal()).put("dbname", database).toString());
    Map<String, String> env = new HashMap<>(synthesized);
    env.putAll(Map.of("DB_HOST", "127.0.0.1", "DB_PORT", Integer.toString(server.port()),
        "STRIPE_API_BASE", emulator.baseUrl()));
    env.putAll(secretsManager.clientEnvironment());
    return new LocalDeployment(env, server.jdbcUrl(database));
  }
}
