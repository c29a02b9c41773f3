package com.subscriptionreconciler.store;

import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.schema.LogicalTable;
import static com.subscriptionreconciler.schema.LogicalTable.ORGANIZATIONS;
import static com.subscriptionreconciler.schema.LogicalTable.SUBSCRIPTIONS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Set-based reads of the billing rows: every query takes a whole page's ids at once ({@code IN (…)}) or walks a
 * table by keyset, so the number of statements grows with pages, never with rows.
 */
public final class BillingReads {
  /** Larger id sets are split so a statement stays well under {@code max_allowed_packet} and plan-cache friendly. */
  static final int MAX_IN_LIST = 500;

  private final DataSource dataSource;
  private final StatementCounter statements;
  private final BillingSchema schema;
  private final String subscriptionsFrom;
  private final String organizationsFrom;

  /** Reads the product's own tables under their own names. */
  public BillingReads(DataSource dataSource, StatementCounter statements) {
    this(dataSource, statements, BillingSchema.product());
  }

  public BillingReads(DataSource dataSource, StatementCounter statements, BillingSchema schema) {
    this.dataSource = dataSource;
    this.statements = statements;
    this.schema = schema;
    this.subscriptionsFrom = "SELECT " + schema.selectList(SUBSCRIPTIONS, BillingRowMapper.SUBSCRIPTION_COLUMNS)
        + " FROM " + schema.table(SUBSCRIPTIONS) + " WHERE " + accountAnd(SUBSCRIPTIONS);
    this.organizationsFrom = "SELECT " + schema.selectList(ORGANIZATIONS, BillingRowMapper.ORGANIZATION_COLUMNS)
        + " FROM " + schema.table(ORGANIZATIONS) + " WHERE " + accountAnd(ORGANIZATIONS);
  }

  /**
   * {@code <this account's rows> AND }, or nothing when every row is this engine's: with several Stripe accounts,
   * a run sees only its own account's rows, so it never matches, derives or archives another account's.
   */
  private String accountAnd(LogicalTable table) {
    return schema.accountCondition(table).map(condition -> condition + " AND ").orElse("");
  }

  private String sub(String logicalColumn) {
    return schema.column(SUBSCRIPTIONS, logicalColumn);
  }

  private String org(String logicalColumn) {
    return schema.column(ORGANIZATIONS, logicalColumn);
  }

  public List<SubscriptionRow> subscriptionsByStripeIds(Collection<String> stripeSubscriptionIds)
      throws SQLException {
    return inChunks(
        subscriptionsFrom + sub("stripe_subscription_id") + " IN ",
        "",
        stripeSubscriptionIds,
        BillingRowMapper::subscription);
  }

  public List<SubscriptionRow> subscriptionsByIds(Collection<Long> ids) throws SQLException {
    return inChunks(
        subscriptionsFrom + sub("id") + " IN ",
        "",
        ids,
        BillingRowMapper::subscription);
  }

  /** Every subscription row (archived too) of the given organizations. */
  public List<SubscriptionRow> subscriptionsOfOrganizations(Collection<Long> organizationIds) throws SQLException {
    return inChunks(
        subscriptionsFrom + sub("organization_id") + " IN ",
        " ORDER BY " + sub("id"),
        organizationIds,
        BillingRowMapper::subscription);
  }

  /** Every subscription row (archived too) of the given organizations, grouped by organization id. */
  public Map<Long, List<SubscriptionRow>> subscriptionsByOrganization(Collection<Long> organizationIds)
      throws SQLException {
    Map<Long, List<SubscriptionRow>> byOrganization = new HashMap<>();
    for (SubscriptionRow row : subscriptionsOfOrganizations(organizationIds)) {
      byOrganization.computeIfAbsent(row.organizationId(), k -> new ArrayList<>()).add(row);
    }
    return byOrganization;
  }

  /** Rows the application created before it knew the Stripe subscription id, for the given organizations. */
  public List<SubscriptionRow> idlessSubscriptionsOfOrganizations(Collection<Long> organizationIds)
      throws SQLException {
    return inChunks(
        subscriptionsFrom + sub("stripe_subscription_id") + " IS NULL AND " + sub("archived_at")
            + " IS NULL AND " + sub("organization_id") + " IN ",
        "",
        organizationIds,
        BillingRowMapper::subscription);
  }

  public List<OrganizationRow> organizationsByCustomerIds(Collection<String> customerIds) throws SQLException {
    return inChunks(
        organizationsFrom + org("stripe_customer_id") + " IN ",
        "",
        customerIds,
        BillingRowMapper::organization);
  }

  public List<OrganizationRow> organizationsByIds(Collection<Long> ids) throws SQLException {
    return inChunks(
        organizationsFrom + org("id") + " IN ",
        "",
        ids,
        BillingRowMapper::organization);
  }

  /** The next page of organizations linked to Stripe, by id, after {@code afterId}. */
  public List<OrganizationRow> linkedOrganizationsAfter(long afterId, int limit) throws SQLException {
    return page(
        organizationsFrom + org("stripe_customer_id") + " IS NOT NULL AND " + org("id") + " > ? ORDER BY "
            + org("id") + " LIMIT ?",
        afterId,
        limit,
        BillingRowMapper::organization);
  }

  /**
   * The next page of live rows that name a Stripe subscription, by id: the orphan sweep's input. Only id and
   * subscription id are read, so a million rows stream through in little memory.
   */
  public List<SubscriptionKey> liveSubscriptionKeysAfter(long afterId, int limit) throws SQLException {
    return page(
        "SELECT " + sub("id") + ", " + sub("stripe_subscription_id") + ", " + sub("created_at") + " FROM "
            + schema.table(SUBSCRIPTIONS) + " WHERE " + liveRowsNamingASubscription() + " AND " + sub("id")
            + " > ? ORDER BY " + sub("id") + " LIMIT ?",
        afterId,
        limit,
        rs -> new SubscriptionKey(rs.getLong(1), rs.getString(2), SqlValues.instant(rs, 3)));
  }

  /**
   * How many live rows name a Stripe subscription (one COUNT): about what the account lists, so a targeted run can
   * tell whether listing the account costs fewer requests than retrieving what it was asked about.
   */
  public long countLiveSubscriptions() throws SQLException {
    return count("SELECT COUNT(*) FROM " + schema.table(SUBSCRIPTIONS) + " WHERE " + liveRowsNamingASubscription());
  }

  public long countOrganizations() throws SQLException {
    return count("SELECT COUNT(*) FROM " + schema.table(ORGANIZATIONS)
        + schema.accountCondition(ORGANIZATIONS).map(condition -> " WHERE " + condition).orElse(""));
  }

  /** The rows the orphan sweep and the account-size estimate look at: live, and naming a Stripe subscription. */
  private String liveRowsNamingASubscription() {
    return accountAnd(SUBSCRIPTIONS) + sub("archived_at") + " IS NULL AND " + sub("stripe_subscription_id")
        + " IS NOT NULL";
  }

  private long count(String sql) throws SQLException {
    statements.increment();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * A subscription row's identity, and when the row was created: enough for the orphan sweep, which confirms a row
   * early once the listing has covered the time around it.
   */
  public record SubscriptionKey(long id, String stripeSubscriptionId, Instant createdAt) {}

  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> page(String sql, long afterId, int limit, RowReader<T> reader) throws SQLException {
    statements.increment();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, afterId);
      ps.setInt(2, limit);
      return readAll(ps, reader);
    }
  }

  private <T, K> List<T> inChunks(String prefix, String suffix, Collection<K> keys, RowReader<T> reader)
      throws SQLException {
    List<T> result = new ArrayList<>();
    if (keys.isEmpty()) {
      return result;
    }
    List<K> all = List.copyOf(new java.util.LinkedHashSet<>(keys));
    try (Connection c = dataSource.getConnection()) {
      for (int from = 0; from < all.size(); from += MAX_IN_LIST) {
        List<K> chunk = all.subList(from, Math.min(all.size(), from + MAX_IN_LIST));
        String sql = prefix + "(" + "?,".repeat(chunk.size() - 1) + "?)" + suffix;
        statements.increment();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          for (int i = 0; i < chunk.size(); i++) {
            ps.setObject(i + 1, chunk.get(i));
          }
          result.addAll(readAll(ps, reader));
        }
      }
    }
    return result;
  }

  private static <T> List<T> readAll(PreparedStatement ps, RowReader<T> reader) throws SQLException {
    List<T> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(reader.read(rs));
      }
    }
    return rows;
  }
}
