package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.plan.SubscriptionRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Writes {@code organizations} and {@code subscriptions} rows fast, for the demo, integration tests and the
 * benchmark: multi-row INSERTs of {@value #DEFAULT_ROWS_PER_STATEMENT} rows, ten statements per transaction,
 * values streamed (never all in memory). Organizations must be seeded before the subscriptions that reference
 * them (the foreign key is checked).
 */
public final class BillingDatabaseSeeder {

  public static final int DEFAULT_ROWS_PER_STATEMENT = 1000;
  private static final int STATEMENTS_PER_TRANSACTION = 10;

  private static final MultiRowInsert<SeedOrganization> ORGANIZATIONS = new MultiRowInsert<>(
      "organizations",
      List.of("id", "name", "stripe_customer_id", "plan_tier", "subscription_status"),
      (ps, i, o) -> {
        ps.setLong(i, o.id());
        ps.setString(i + 1, o.name());
        ps.setString(i + 2, o.stripeCustomerId());
        ps.setString(i + 3, o.planTier());
        ps.setString(i + 4, o.subscriptionStatus());
      });

  private final DataSource dataSource;
  private final int rowsPerStatement;

  public BillingDatabaseSeeder(DataSource dataSource) {
    this(dataSource, DEFAULT_ROWS_PER_STATEMENT);
  }

  public BillingDatabaseSeeder(DataSource dataSource, int rowsPerStatement) {
    if (rowsPerStatement < 1) {
      throw new IllegalArgumentException("rowsPerStatement must be >= 1");
    }
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.rowsPerStatement = rowsPerStatement;
  }

  public SeedResult insertOrganizations(Iterator<SeedOrganization> organizations) {
    return insert(ORGANIZATIONS, organizations);
  }

  public SeedResult insertOrganizations(Stream<SeedOrganization> organizations) {
    try (organizations) {
      return insertOrganizations(organizations.iterator());
    }
  }

  public SeedResult insertSubscriptions(Iterator<SubscriptionRow> subscriptions) {
    // A null created_at becomes the seeding time: a multi-row VALUES list cannot say DEFAULT per parameter.
    Instant seededAt = Instant.now();
    return insert(subscriptionInsert(seededAt), subscriptions);
  }

  public SeedResult insertSubscriptions(Stream<SubscriptionRow> subscriptions) {
    try (subscriptions) {
      return insertSubscriptions(subscriptions.iterator());
    }
  }

  private <T> SeedResult insert(MultiRowInsert<T> insert, Iterator<T> values) {
    try (Connection c = dataSource.getConnection()) {
      return insert.insertAll(c, values, rowsPerStatement, STATEMENTS_PER_TRANSACTION);
    } catch (SQLException e) {
      throw new IllegalStateException("seeding failed: " + e.getMessage(), e);
    }
  }

  private static MultiRowInsert<SubscriptionRow> subscriptionInsert(Instant seededAt) {
    return new MultiRowInsert<>(
        "subscriptions",
        List.of("id", "organization_id", "stripe_subscription_id", "stripe_customer_id", "stripe_price_id",
            "plan_tier", "status", "quantity", "current_period_start", "current_period_end",
            "cancel_at_period_end", "cancel_at", "canceled_at", "ended_at", "trial_start", "trial_end",
            "metadata", "archived_at", "archive_reason", "created_at"),
        (ps, i, s) -> {
          ps.setLong(i, s.id());
          ps.setLong(i + 1, s.organizationId());
          ps.setString(i + 2, s.stripeSubscriptionId());
          ps.setString(i + 3, s.stripeCustomerId());
          ps.setString(i + 4, s.stripePriceId());
          ps.setString(i + 5, s.planTier());
          ps.setString(i + 6, s.status());
          if (s.quantity() == null) {
            ps.setNull(i + 7, Types.BIGINT);
          } else {
            ps.setLong(i + 7, s.quantity());
          }
          instant(ps, i + 8, s.currentPeriodStart());
          instant(ps, i + 9, s.currentPeriodEnd());
          ps.setBoolean(i + 10, s.cancelAtPeriodEnd());
          instant(ps, i + 11, s.cancelAt());
          instant(ps, i + 12, s.canceledAt());
          instant(ps, i + 13, s.endedAt());
          instant(ps, i + 14, s.trialStart());
          instant(ps, i + 15, s.trialEnd());
          ps.setString(i + 16, s.metadata());
          instant(ps, i + 17, s.archivedAt());
          ps.setString(i + 18, s.archiveReason());
          instant(ps, i + 19, s.createdAt() != null ? s.createdAt() : seededAt);
        });
  }

  /** Times travel as UTC LocalDateTime, as the store writes them: independent of JVM and session zones. */
  private static void instant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP);
    } else {
      ps.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }
}
