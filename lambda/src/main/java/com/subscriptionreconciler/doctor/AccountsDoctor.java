package com.subscriptionreconciler.doctor;

import com.subscriptionreconciler.config.StripeAccount;
import com.subscriptionreconciler.config.StripeAccounts;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.schema.LogicalTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The database side of {@code STRIPE_ACCOUNTS} for {@code doctor} (docs/reference.md, Several Stripe accounts):
 * the {@code stripe_account} column in both billing tables, and how many rows each account has. SELECTs only.
 */
final class AccountsDoctor {
  private final DataSource dataSource;

  AccountsDoctor(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  List<Check> run(BillingSchema schema, StripeAccounts accounts) {
    List<String> without = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    for (LogicalTable t : LogicalTable.values()) {
      if (schema.hasColumn(t, LogicalTable.ACCOUNT.name())) {
        columns.add(plain(schema.table(t) + "." + schema.column(t, LogicalTable.ACCOUNT.name())));
      } else {
        without.add("table " + plain(schema.table(t)) + " (" + t.logicalName() + ")");
      }
    }
    Check column = AccountJudgements.column(without, columns);
    if (column.status() == Check.Status.FAIL) {
      return List.of(column, Check.skip("account rows", "needs the stripe_account column"));
    }
    String defaultLabel = accounts.defaultAccount().map(StripeAccount::label).orElseThrow();
    return List.of(column, DatabaseDoctor.guarded("account rows", () -> AccountJudgements.rows(accounts.labels(),
        defaultLabel, counts(schema, LogicalTable.ORGANIZATIONS), counts(schema, LogicalTable.SUBSCRIPTIONS))));
  }

  /** A quoted name as a person reads it. */
  private static String plain(String quoted) {
    return quoted.replace("`", "");
  }

  private List<AccountJudgements.LabelCount> counts(BillingSchema schema, LogicalTable table) throws SQLException {
    String column = schema.column(table, LogicalTable.ACCOUNT.name());
    List<AccountJudgements.LabelCount> counts = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + column + ", COUNT(*) FROM " + schema.table(table)
            + " GROUP BY " + column);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.add(new AccountJudgements.LabelCount(rs.getString(1), rs.getLong(2)));
      }
    }
    return counts;
  }
}
