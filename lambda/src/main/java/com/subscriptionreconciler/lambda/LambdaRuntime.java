package com.subscriptionreconciler.lambda;

import com.subscriptionreconciler.app.Wiring;
import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.config.StripeAccounts;
import com.subscriptionreconciler.schema.EffectiveSchemaMap;
import com.subscriptionreconciler.realtime.StripeEventSources;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.StartupOptions;
import com.subscriptionreconciler.doctor.Doctor;
import com.subscriptionreconciler.doctor.DoctorReport;
import com.subscriptionreconciler.observability.RunMetrics;
import com.subscriptionreconciler.realtime.RealTimeMetrics;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.secrets.CachingSecretSource;
import com.subscriptionreconciler.secrets.SecretsManagerSecretSource;
import java.time.Clock;
import com.subscriptionreconciler.realtime.EventRouter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What one execution environment builds once and reuses: configuration (secrets read through a cache), the engine
 * (and with it the database pool and Stripe client) and the metrics emitter. Creating a {@code LambdaRuntime}
 * opens nothing; each part is built on first use (docs/reference.md, Deploying). With
 * {@code MIGRATE_ON_START=true} the schema is migrated once, on that first use, before the engine is built.
 */
final class LambdaRuntime {
  private final Memoized<Dependencies> dependencies;
  private final Memoized<Optional<EventRouter>> eventRouter;
  private final Memoized<RunMetrics> metrics;
  private final Environment env;
  private final CachingSecretSource secrets;
  private final String service;
  private final Memoized<RealTimeMetrics> eventMetrics;
  private final Wiring wiring;
  /** Engines of the accounts other than the default one, each built on its first invocation and reused. */
  private final Map<String, Engine> accountEngines = new ConcurrentHashMap<>();

  LambdaRuntime(Environment env, Supplier<SecretsManagerClient> secretsClient, Wiring wiring) {
    CachingSecretSource secrets = new CachingSecretSource(new SecretsManagerSecretSource(secretsClient));
    this.env = env;
    this.secrets = secrets;
    this.wiring = wiring;
    this.dependencies = new Memoized<>(() -> {
      ReconcilerConfig config = ReconcilerConfig.load(env, secrets);
      if (StartupOptions.load(env).migrateOnStart()) {
        StartupMigration.run(config.database());
      }
      return new Dependencies(config, wiring.create(config));
    });
    this.service = env.get("POWERTOOLS_SERVICE_NAME").orElse(RunMetrics.DEFAULT_SERVICE);
    // the stack's metricsNamespace arrives here; alarms and the dashboard read the same namespace
    String namespace = env.get("POWERTOOLS_METRICS_NAMESPACE").orElse(RunMetrics.NAMESPACE);
    this.metrics = new Memoized<>(() -> RunMetrics.powertools(namespace, service));
    this.eventMetrics = new Memoized<>(() -> RealTimeMetrics.powertools(namespace, service));
    this.eventRouter = new Memoized<>(() -> EventRouter.fromEnvironment(env));
  }

  /** The service the logs and the metrics name: POWERTOOLS_SERVICE_NAME, else the product's own name. */
  String service() {
    return service;
  }

  Dependencies dependencies() {
    return dependencies.get();
  }

  /**
   * The dependencies of one invocation: the default account's without {@code account} (and for its label), else
   * the named account's (docs/reference.md, Several Stripe accounts). Each account's engine is built once per
   * execution environment, with a pool and a Stripe client of its own.
   *
   * @throws ConfigurationException when this deployment has no such account (no {@code STRIPE_ACCOUNTS}, or not
   *     among its labels)
   */
  Dependencies dependencies(Optional<String> account) {
    Dependencies defaults = dependencies();
    if (account.isEmpty() || account.get().equals(defaults.config().scope().label())) {
      return defaults;
    }
    ReconcilerConfig config = defaults.config().forAccount(account.get());
    return new Dependencies(config, accountEngines.computeIfAbsent(account.get(), l -> wiring.create(config)));
  }

  /** doctor's checks with this function's configuration and secrets; builds no engine and changes nothing. */
  DoctorReport doctor() {
    return new Doctor(env, secrets, Clock.systemUTC()).run();
  }

  /**
   * The tables and columns this function's {@code SCHEMA_MAP} names (every one, mapped or not); empty when the
   * variable does not parse, which doctor's configuration check then reports.
   */
  Optional<EffectiveSchemaMap> schemaMap() {
    try {
      return Optional.of(EffectiveSchemaMap.of(SchemaMap.from(env),
          env.get(StripeAccounts.VARIABLE).filter(v -> !v.isBlank()).isPresent()));
    } catch (ConfigurationException e) {
      return Optional.empty();
    }
  }

  RunMetrics metrics() {
    return metrics.get();
  }

  RealTimeMetrics eventMetrics() {
    return eventMetrics.get();
  }

  /**
   * How event batches are split between the accounts of {@code STRIPE_ACCOUNTS}; empty without it. Built on the
   * first batch and kept (a malformed configuration fails that invocation, and the next one tries again).
   */
  Optional<EventRouter> eventRouter() {
    return eventRouter.get();
  }

  /** The EventBridge sources the event consumer takes (STRIPE_EVENT_SOURCE_NAME, or any of Stripe's shape). */
  StripeEventSources eventSources() {
    return StripeEventSources.fromEnvironment(env);
  }

  record Dependencies(ReconcilerConfig config, Engine engine) {}
}
