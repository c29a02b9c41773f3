package com.subscriptionreconciler.db;

import com.subscriptionreconciler.config.DbTlsMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How the connection pool is sized and how its connections behave.
 *
 * <p>{@link #lambdaDefaults()} is sized for one reconciliation run per Lambda container: two connections at
 * most, none kept idle, 5 s to get one. {@link RunLock} holds one for the whole run, which leaves one for the
 * work: read a page (keyset pagination), close the result set, write, repeat. Code that keeps a streaming
 * result set open while it writes needs a third: use {@link #withMaximumPoolSize(int)}. Flyway migrates on a
 * single connection, so {@code migrate} works while the lock is held (tested).
 */
public record PoolOptions(
    String poolName,
    int maximumPoolSize,
    int minimumIdle,
    Duration connectionTimeout,
    Duration socketTimeout,
    DbTlsMode sslMode) {

  public PoolOptions {
    Objects.requireNonNull(poolName, "poolName");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
    Objects.requireNonNull(sslMode, "sslMode");
    if (maximumPoolSize < 1) {
      throw new IllegalArgumentException("maximumPoolSize must be at least 1");
    }
    if (minimumIdle < 0 || minimumIdle > maximumPoolSize) {
      throw new IllegalArgumentException("minimumIdle must be between 0 and maximumPoolSize");
    }
  }

  public static PoolOptions lambdaDefaults() {
    return new PoolOptions(
        "subscription-reconciler", 2, 0, Duration.ofSeconds(5), Duration.ofMinutes(5), DbTlsMode.PREFERRED);
  }

  public PoolOptions withSslMode(DbTlsMode mode) {
    return new PoolOptions(poolName, maximumPoolSize, minimumIdle, connectionTimeout, socketTimeout, mode);
  }

  public PoolOptions withPoolName(String name) {
    return new PoolOptions(name, maximumPoolSize, minimumIdle, connectionTimeout, socketTimeout, sslMode);
  }

  public PoolOptions withMaximumPoolSize(int size) {
    return new PoolOptions(
        poolName, size, Math.min(minimumIdle, size), connectionTimeout, socketTimeout, sslMode);
  }
}
