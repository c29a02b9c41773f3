package com.subscriptionreconciler.app;

import com.subscriptionreconciler.config.AccountScopes;
import com.subscriptionreconciler.config.DatabaseConfig;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.PoolOptions;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.run.Rollbacks;
import com.subscriptionreconciler.run.StripeSide;
import com.subscriptionreconciler.run.rollback.Rollback;
import com.subscriptionreconciler.run.sequence.RunStarter;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.schema.SchemaResolver;
import com.subscriptionreconciler.stripe.PartitionedLister;
import com.subscriptionreconciler.stripe.StripeClients;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Builds the production engine (database pool, Stripe client, reconciler) from resolved configuration; shared by
 * the Lambda handler, the CLI and {@code demo} so all three run exactly the same wiring. Building the pool opens
 * one connection (Hikari fails fast on bad credentials), so call this lazily, never from a static initializer.
 */
public final class ProductionWiring {
  private ProductionWiring() {}

  public static Engine create(ReconcilerConfig config) {
    return create(config, DataSourceFactory.create(config.database(), PoolOptions.lambdaDefaults()));
  }

  /** The engine over an existing pool (tests, demo, benchmark). */
  public static RunStarter create(ReconcilerConfig config, DataSource dataSource) {
    // SCHEMA_MAP is checked against the catalogue here, before any run: a wrong name is a configuration error. With
    // STRIPE_ACCOUNTS the config is one account's (ReconcilerConfig.forAccount): the engine sees only its rows
    BillingSchema schema =
        SchemaResolver.resolve(dataSource, config.schemaMap()).scopedTo(config.scope());
    StripeClients.PacedStripeClient stripe = StripeClients.create(config.stripe());
    return new RunStarter(dataSource, schema,
        StripeSide.of(stripe, PartitionedLister.parallelismFor(config.stripe().maxRequestsPerSecond())),
        config.rules(), Clock.systemUTC());
  }

  /**
   * Rollback on its own pool: the database configuration and the accounts it may run as are all it needs (it
   * sends Stripe nothing). Closing it closes the pool.
   */
  public static PooledRollbacks rollbacks(DatabaseConfig config, AccountScopes accounts) {
    HikariDataSource pool = DataSourceFactory.create(config.database(), PoolOptions.lambdaDefaults());
    try {
      // through SCHEMA_MAP, checked against the catalogue first like a run's
      return new PooledRollbacks(pool, SchemaResolver.resolve(pool, config.schemaMap()), accounts);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** {@link Rollback} over a pool it owns. */
  public static final class PooledRollbacks implements Rollbacks, AutoCloseable {
    private final HikariDataSource pool;
    private final Rollback rollback;

    private PooledRollbacks(HikariDataSource pool, BillingSchema schema, AccountScopes accounts) {
      this.pool = pool;
      this.rollback = new Rollback(pool, Clock.systemUTC(), schema, accounts);
    }

    @Override
    public RunReport rollback(String runId, boolean dryRun, Trigger trigger) {
      return rollback.rollback(runId, dryRun, trigger);
    }

    @Override
    public void close() {
      pool.close();
    }
  }
}
