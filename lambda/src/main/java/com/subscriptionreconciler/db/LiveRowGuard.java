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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time path ({@code listen}, and each SQS batch of the Lambda) refuses to start on a subscriptions table that does not keep one live row per subscription id
 * ({@link LiveRowKey}): event runs take no lock, and two batches naming the same new subscription would both insert
 * it. Checked on a one-connection pool of its own, closed straight after; a database found in order is not checked
 * again in this process (one found wanting is, so fixing it needs no restart of a Lambda container).
 */
public final class LiveRowGuard {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRowGuard.class);
  private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

  private LiveRowGuard() {}

  /**
   * @throws ConfigurationException naming what is wrong and the exact fix. A database that cannot be reached or read
   *     is not refused here: the run reports that itself, with its own message.
   */
  public static void require(DatabaseSettings database, SchemaMap map) {
    String key = database.jdbcUrl() + "|" + map.table("subscriptions");
    if (CHECKED.contains(key)) {
      return;
    }
    Optional<String> refusal;
    PoolOptions options = PoolOptions.lambdaDefaults().withPoolName("reconciler-live-rows").withMaximumPoolSize(1);
    try (HikariDataSource pool = DataSourceFactory.create(database, options);
        Connection c = pool.getConnection()) {
      refusal = refusal(c, map);
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Could not check the subscriptions table's unique index for live rows: {}", e.getMessage());
      return;
    }
    if (refusal.isPresent()) {
      throw new ConfigurationException(refusal.get());
    }
    CHECKED.add(key);
  }

  private static Optional<String> refusal(Connection c, SchemaMap map) throws SQLException {
    Optional<PhysicalTable> table = Catalogue.table(c, map.table("subscriptions"));
    if (table.isEmpty() || LiveRowKey.enforced(table.get(), map)) {
      return Optional.empty(); // no table: the run itself reports the schema problem
    }
    List<String> duplicates = LiveRowKey.duplicates(c, table.get(), map, 5);
    String fix = duplicates.isEmpty()
        ? "run migrate --adopt: it adds the unique index " + LiveRowKey.INDEX + " for live rows"
        : LiveRowKey.fixFor(duplicates, table.get().name());
    return Optional.of("the real-time path needs one live row per subscription id, kept by a unique index, in "
        + table.get().name() + " (event runs take no lock: two batches naming the same new subscription would both "
        + "insert it); " + fix);
  }
}
