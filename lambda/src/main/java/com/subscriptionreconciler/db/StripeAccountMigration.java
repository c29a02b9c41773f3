package com.subscriptionreconciler.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 3: the {@code stripe_account} column (docs/reference.md, Several Stripe accounts), NULL meaning the
 * default account, so every existing row stays the default account's and nothing else changes.
 *
 * <p>It is Java rather than SQL because it must tell whose billing tables these are: the product's own (created by
 * migration 1) gain the column now; an application's adopted tables (a baseline instead of migration 1) are left
 * alone, because adoption adds it to them only when {@code STRIPE_ACCOUNTS} is set. {@code reconciliation_runs}
 * always gains it, so {@code runs} and {@code show} can say which account a run reconciled.
 */
final class StripeAccountMigration implements JavaMigration {
  static final String COLUMN = "stripe_account VARCHAR(32) NULL";

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("3");
  }

  @Override
  public String getDescription() {
    return "stripe account column";
  }

  @Override
  public Integer getChecksum() {
    // Flyway compares it with the history on validate: change it only together with what migrate() does
    return 3_000_001;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (Statement s = connection.createStatement()) {
      s.execute("ALTER TABLE reconciliation_runs ADD COLUMN " + COLUMN);
      if (!adopted(s, context.getConfiguration().getTable())) {
        s.execute("ALTER TABLE organizations ADD COLUMN " + COLUMN);
        s.execute("ALTER TABLE subscriptions ADD COLUMN " + COLUMN);
      }
    }
  }

  /** Whether the billing tables are an application's, adopted: the history starts with a baseline. */
  private static boolean adopted(Statement s, String historyTable) throws SQLException {
    try (ResultSet rs = s.executeQuery(
        "SELECT COUNT(*) FROM `" + historyTable.replace("`", "``") + "` WHERE type = 'BASELINE'")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }
}
