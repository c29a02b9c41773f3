package com.subscriptionreconciler.db;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.schema.Catalogue;
import com.subscriptionreconciler.schema.LiveRowKey;
import com.subscriptionreconciler.schema.PhysicalTable;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real-time path refuses to start on a subscriptions table that does not keep one live row per subscription id
 * ({@link LiveRowKey}): event runs take no lock, and two batches naming the same new subscription would both insert
 * it. Checked on a one-connection pool of its own, closed straight after; a database found in order is not checked
 * again in this process (one found wanting is, so fixing it needs no restart of a Lambda container).
 */
public final class LiveRowGuard {
  private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

  private LiveRowGuard() {}

  /** @throws ConfigurationException naming what is wrong and the exact fix */
  public static void require(DatabaseSettings database, SchemaMap map) {
    String key = database.jdbcUrl() + "|" + map.table("subscriptions");
    if (CHECKED.contains(key)) {
      return;
    }
    PoolOptions options = PoolOptions.lambdaDefaults().withPoolName("reconciler-live-rows").withMaximumPoolSize(1);
    try (HikariDataSource pool = DataSourceFactory.create(database, options);
        Connection c = pool.getConnection()) {
      Optional<PhysicalTable> table = Catalogue.table(c, map.table("subscriptions"));
      if (table.isEmpty() || LiveRowKey.enforced(table.get(), map)) {
        // no table: the run itself reports the schema problem
        CHECKED.add(key);
        return;
      }
      List<String> duplicates = LiveRowKey.duplicates(c, table.get(), map, 5);
      String fix = duplicates.isEmpty()
          ? "run migrate --adopt: it adds the unique index " + LiveRowKey.INDEX + " for live rows"
          : LiveRowKey.fixFor(duplicates, table.get().name());
      throw new ConfigurationException("the real-time path needs one live row per subscription id, kept by a unique "
          + "index, in " + table.get().name() + " (event runs take no lock: two batches naming the same new "
          + "subscription would both insert it); " + fix);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot check the subscriptions table's unique index: " + e.getMessage(), e);
    }
  }
}
