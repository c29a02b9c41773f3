package com.subscriptionreconciler.schema;

import com.subscriptionreconciler.config.SchemaMap;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * At most one live (not archived) subscription row per Stripe subscription id, enforced by the database.
 *
 * <p>Inserts rely on it: two runs that insert the same new subscription at once (two event batches, an event run
 * beside a full run) both plan the insert; the database must refuse the second, which then re-plans against the
 * first's row. The product's own schema has a unique index on {@code stripe_subscription_id}. An application's
 * table may keep archived copies beside the live row, so adoption cannot make the id itself unique; it adds a
 * generated column {@value #COLUMN} = {@code IF(archived_at IS NULL, stripe_subscription_id, NULL)} with a unique
 * index: live rows must differ, any number of archived rows (NULL) may share an id. A key on {@code
 * (stripe_subscription_id, archived_at)} would not do: live rows have {@code archived_at} NULL, and a unique index
 * never compares NULLs equal, so it would let two live rows through. The column is {@code VIRTUAL} (no storage, no
 * table rebuild) and {@code INVISIBLE} where the server has that (MySQL 8.0.23, MariaDB 10.3.3), so the
 * application's {@code SELECT *} and column-less {@code INSERT}s do not see it.
 */
public final class LiveRowKey {
  /** The generated column adoption adds. */
  public static final String COLUMN = "rcn_live_stripe_subscription_id";
  /** Its unique index. */
  public static final String INDEX = "rcn_subscriptions_live_id";

  private LiveRowKey() {}

  /** Whether the table already keeps live subscription ids unique (the id itself, or the generated column). */
  public static boolean enforced(PhysicalTable subscriptions, SchemaMap map) {
    return subscriptions.hasUniqueIndexOn(List.of(idColumn(map)))
        || subscriptions.hasUniqueIndexOn(List.of(COLUMN));
  }

  /**
   * The statement that adds the column and its index, for a table whose id and archive columns exist (or are added
   * before it).
   */
  public static String addition(PhysicalTable subscriptions, SchemaMap map, ServerVersion server) {
    String id = Identifiers.quote(idColumn(map));
    String archived = Identifiers.quote(map.column("subscriptions", "archived_at"));
    long length = subscriptions.type(idColumn(map)).flatMap(ColumnType::maxCharacters).orElse(255L);
    return "ALTER TABLE " + Identifiers.quote(subscriptions.name()) + " ADD COLUMN " + Identifiers.quote(COLUMN)
        + " VARCHAR(" + length + ") CHARACTER SET utf8mb4 COLLATE utf8mb4_bin AS (IF(" + archived + " IS NULL, "
        + id + ", NULL)) VIRTUAL" + (server.invisibleColumns() ? " INVISIBLE" : "")
        + ", ADD UNIQUE INDEX " + Identifiers.quote(INDEX) + " (" + Identifiers.quote(COLUMN) + ")";
  }

  /**
   * Up to {@code limit} subscription ids held by more than one live row: what stands in the way of the index. When
   * the table has no archive column yet, every row is live.
   */
  public static List<String> duplicates(Connection c, PhysicalTable subscriptions, SchemaMap map, int limit)
      throws SQLException {
    String id = Identifiers.quote(idColumn(map));
    String archivedName = map.column("subscriptions", "archived_at");
    String live = subscriptions.columnNamed(archivedName).isPresent()
        ? " AND " + Identifiers.quote(archivedName) + " IS NULL" : "";
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + id + " FROM " + Identifiers.quote(subscriptions.name())
        + " WHERE " + id + " IS NOT NULL" + live + " GROUP BY " + id + " HAVING COUNT(*) > 1 LIMIT " + limit)) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /** What to do when live rows share an id. */
  public static String fixFor(List<String> duplicates, String table) {
    return "archive all but one live row of each (set archived_at; e.g. " + String.join(", ", duplicates)
        + " in " + table + "), then run migrate --adopt: it adds the unique index " + INDEX;
  }

  private static String idColumn(SchemaMap map) {
    return map.column("subscriptions", "stripe_subscription_id");
  }
}
