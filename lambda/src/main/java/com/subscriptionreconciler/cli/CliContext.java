package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.config.AccountScopes;
import com.subscriptionreconciler.config.DatabaseConfig;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.SecretSource;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.PoolOptions;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.run.Rollbacks;
import com.subscriptionreconciler.report.RunReport;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * What every subcommand runs against: the environment, the two output streams, the secret source and the seams.
 * Configuration is loaded per command and only as far as the command needs: {@code migrate}, {@code runs},
 * {@code show} and {@code rollback} never ask for a Stripe key.
 */
record CliContext(Environment env, PrintWriter out, PrintWriter err, SecretSource secrets, CliSeams seams) {

  ReconcilerConfig reconcilerConfig() {
    return ReconcilerConfig.load(env, secrets);
  }

  /** A pool for the database-only commands; the caller closes it. */
  HikariDataSource openDatabase() {
    DatabaseConfig config = DatabaseConfig.load(env, secrets);
    // one short command, one or two connections: the Lambda's small pool fits; its own name tells them apart in
    // the server's process list
    return DataSourceFactory.create(config.database(), PoolOptions.lambdaDefaults().withPoolName("subscription-reconciler-cli"));
  }

  /**
   * Builds the engine, runs {@code work} on it and releases it: a CLI process runs one command, so an engine that
   * owns closeable resources (its pool) is closed here rather than at JVM exit, when nothing flushes.
   */
  RunReport withEngine(Function<Engine, RunReport> work) {
    return withEngine(reconcilerConfig(), work);
  }

  /** Like {@link #withEngine(Function)}, on an engine built from {@code config} (one account's). */
  RunReport withEngine(ReconcilerConfig config, Function<Engine, RunReport> work) {
    return using(seams.wiring().create(config), work);
  }

  /**
   * Like {@link #withEngine}, for {@code rollback}: built from the database configuration and the accounts of
   * {@code STRIPE_ACCOUNTS} ({@code accounts} narrows them), whose keys it never reads.
   */
  RunReport withRollbacks(Function<AccountScopes, AccountScopes> accounts, Function<Rollbacks, RunReport> work) {
    DatabaseConfig database = DatabaseConfig.load(env, secrets);
    return using(seams.rollbackWiring().create(database, accounts.apply(AccountScopes.load(env))), work);
  }

  private static <T> RunReport using(T resource, Function<T, RunReport> work) {
    try {
      return work.apply(resource);
    } finally {
      if (resource instanceof AutoCloseable closeable) {
        close(closeable);
      }
    }
  }

  private static void close(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // the engines close a connection pool, which throws nothing checked; anything else is a bug to surface
      throw new IllegalStateException("could not release the engine: " + e.getMessage(), e);
    }
  }
}
