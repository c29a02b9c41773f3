package com.subscriptionreconciler.store;

import com.subscriptionreconciler.config.AccountScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Whether a database was ever reconciled for real: the safety guard explains a first run's abort differently,
 * because a first run legitimately finds all the drift the webhooks ever left behind.
 */
public final class FirstRun {
  private FirstRun() {}

  /** True when no run that applied changes (succeeded or partial, not a dry run) was ever recorded. */
  public static boolean neverReconciled(DataSource dataSource) throws SQLException {
    return neverReconciled(dataSource, AccountScope.single());
  }

  /**
   * As {@link #neverReconciled(DataSource)}, for one Stripe account's runs: the first run of an account added to a
   * deployment finds all of that account's drift, whatever the other accounts' runs did.
   */
  public static boolean neverReconciled(DataSource dataSource, AccountScope account) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM reconciliation_runs WHERE dry_run = FALSE"
            + " AND status IN ('succeeded', 'partial') AND mode <> 'rollback'"
            + account.condition("stripe_account").map(condition -> " AND " + condition).orElse("") + " LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return !rs.next();
    }
  }
}
