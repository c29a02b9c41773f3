package com.subscriptionreconciler.lambda;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.PoolOptions;
import com.subscriptionreconciler.db.SchemaMigrator;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code MIGRATE_ON_START=true}: applies pending migrations once per execution environment, before the engine is
 * built. It uses its own one-connection pool, closed straight after, so the engine keeps being built by the same
 * {@code ProductionWiring.create} as everywhere else and a failed migration leaves no pool behind (the next invocation
 * retries from scratch). One extra connection per cold start is nothing for a weekly job.
 */
final class StartupMigration {
  private static final Logger LOG = LoggerFactory.getLogger(StartupMigration.class);

  private StartupMigration() {}

  static SchemaMigrator.Result run(DatabaseSettings database) {
    PoolOptions options = PoolOptions.lambdaDefaults().withPoolName("reconciler-migrate").withMaximumPoolSize(1);
    try (HikariDataSource pool = DataSourceFactory.create(database, options)) {
      SchemaMigrator.Result result = new SchemaMigrator(pool).migrate();
      LOG.info("Schema migrations at start-up: {} applied{}", result.appliedCount(),
          result.applied().isEmpty() ? "" : " (" + String.join(", ", result.applied()) + ")");
      return result;
    }
  }
}
