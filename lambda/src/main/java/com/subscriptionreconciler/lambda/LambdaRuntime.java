package com.subscriptionreconciler.lambda;

import com.subscriptionreconciler.app.Wiring;
import com.subscriptionreconciler.config.Environment;
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
  private final Memoized<RunMetrics> metrics;
  private final Environment env;
  private final CachingSecretSource secrets;
  private final String service;
  private final Memoized<RealTimeMetrics> eventMetrics;

  LambdaRuntime(Environment env, Supplier<SecretsManagerClient> secretsClient, Wiring engineFactory) {
    CachingSecretSource secrets = new CachingSecretSource(new SecretsManagerSecretSource(secretsClient));
    this.env = env;
    this.secrets = secrets;
    this.dependencies = new Memoized<>(() -> {
      ReconcilerConfig config = ReconcilerConfig.load(env, secrets);
      if (StartupOptions.load(env).migrateOnStart()) {
        StartupMigration.run(config.database());
      }
      return new Dependencies(config, engineFactory.create(config));
    });
    this.service = env.get("POWERTOOLS_SERVICE_NAME").orElse(RunMetrics.DEFAULT_SERVICE);
    // the stack's metricsNamespace arrives here; alarms and the dashboard read the same namespace
    String namespace = env.get("POWERTOOLS_METRICS_NAMESPACE").orElse(RunMetrics.NAMESPACE);
    this.metrics = new Memoized<>(() -> RunMetrics.powertools(namespace, service));
    this.eventMetrics = new Memoized<>(() -> RealTimeMetrics.powertools(namespace, service));
  }

  /** The service the logs and the metrics name: POWERTOOLS_SERVICE_NAME, else the product's own name. */
  String service() {
    return service;
  }

  Dependencies dependencies() {
    return dependencies.get();
  }

  /** doctor's checks with this function's configuration and secrets; builds no engine and changes nothing. */
  DoctorReport doctor() {
    return new Doctor(env, secrets, Clock.systemUTC()).run();
  }

  RunMetrics metrics() {
    return metrics.get();
  }

  RealTimeMetrics eventMetrics() {
    return eventMetrics.get();
  }

  record Dependencies(ReconcilerConfig config, Engine engine) {}
}
