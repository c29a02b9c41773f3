package com.subscriptionreconciler.schema;

import java.util.List;
import java.util.Optional;

/**
 * The two billing tables by their logical names (docs/reference.md, Schema): the columns the product reads and
 * writes, how adoption adds each one a table lacks, and the indexes the product's queries need.
 *
 * <p>Definitions are the product's own (V1 migration) with two deliberate differences: added columns that the
 * product's schema declares {@code NOT NULL} without a default ({@code status}) are added nullable, because
 * existing rows have no value for them; and Stripe id columns name their character set, because an application
 * table may default to another one.
 */
public enum LogicalTable {
  ORGANIZATIONS(
      "organizations",
      List.of(
          ProductColumn.key("id"),
          ProductColumn.addable("name", "VARCHAR(255) NULL"),
          ProductColumn.addable("stripe_customer_id", StripeId.DEFINITION),
          ProductColumn.addable("plan_tier", "VARCHAR(64) NOT NULL DEFAULT 'free'"),
          ProductColumn.addable("subscription_status", "VARCHAR(32) NOT NULL DEFAULT 'none'"),
          ProductColumn.addable("last_reconciled_at", "DATETIME(3) NULL")),
      List.of(List.of("stripe_customer_id"))),
  SUBSCRIPTIONS(
      "subscriptions",
      List.of(
          ProductColumn.key("id"),
          ProductColumn.key("organization_id"),
          ProductColumn.addable("stripe_subscription_id", StripeId.DEFINITION),
          ProductColumn.addable("stripe_customer_id", StripeId.DEFINITION),
          ProductColumn.addable("stripe_price_id", StripeId.DEFINITION),
          ProductColumn.addable("plan_tier", "VARCHAR(64) NULL"),
          ProductColumn.addable("status", "VARCHAR(32) NULL"),
          ProductColumn.addable("quantity", "BIGINT NULL"),
          ProductColumn.addable("current_period_start", "DATETIME(3) NULL"),
          ProductColumn.addable("current_period_end", "DATETIME(3) NULL"),
          ProductColumn.addable("cancel_at_period_end", "BOOLEAN NOT NULL DEFAULT FALSE"),
          ProductColumn.addable("cancel_at", "DATETIME(3) NULL"),
          ProductColumn.addable("canceled_at", "DATETIME(3) NULL"),
          ProductColumn.addable("ended_at", "DATETIME(3) NULL"),
          ProductColumn.addable("trial_start", "DATETIME(3) NULL"),
          ProductColumn.addable("trial_end", "DATETIME(3) NULL"),
          ProductColumn.addable("metadata", "JSON NULL"),
          ProductColumn.addable("archived_at", "DATETIME(3) NULL"),
          ProductColumn.addable("archive_reason", "VARCHAR(255) NULL"),
          ProductColumn.addable("last_reconciled_at", "DATETIME(3) NULL"),
          ProductColumn.addable("version", "INT NOT NULL DEFAULT 0"),
          ProductColumn.addable("created_at", "DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)")),
      List.of(
          List.of("stripe_subscription_id"),
          List.of("organization_id"),
          List.of("stripe_customer_id"),
          // the orphan sweep walks live rows (archived_at IS NULL) in id order
          List.of("archived_at", "id")));

  private final String logicalName;
  private final List<ProductColumn> columns;
  private final List<List<String>> indexes;

  LogicalTable(String logicalName, List<ProductColumn> columns, List<List<String>> indexes) {
    this.logicalName = logicalName;
    this.columns = columns;
    this.indexes = indexes;
  }

  public String logicalName() {
    return logicalName;
  }

  public List<ProductColumn> columns() {
    return columns;
  }

  /** Indexes (logical columns, leading first) the product's lookups and sweeps need. */
  public List<List<String>> indexes() {
    return indexes;
  }

  public Optional<ProductColumn> column(String logicalColumn) {
    if (ACCOUNT.name().equals(logicalColumn)) {
      return Optional.of(ACCOUNT);
    }
    return columns.stream().filter(c -> c.name().equals(logicalColumn)).findFirst();
  }

  /**
   * {@code stripe_account} (docs/reference.md, Several Stripe accounts): which Stripe account a row belongs to, NULL
   * for the default one. Not among {@link #columns()}: a deployment without {@code STRIPE_ACCOUNTS} neither needs
   * nor reads it, and adoption adds it only when asked to. {@link #column} knows it, so {@code SCHEMA_MAP} can map it.
   */
  public static final ProductColumn ACCOUNT = ProductColumn.addable("stripe_account", "VARCHAR(32) NULL");

  public static Optional<LogicalTable> named(String logicalName) {
    for (LogicalTable t : values()) {
      if (t.logicalName.equals(logicalName)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Stripe ids are case-sensitive: compared byte for byte whatever the table's default collation. */
  private static final class StripeId {
    static final String DEFINITION = "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL";
  }
}
