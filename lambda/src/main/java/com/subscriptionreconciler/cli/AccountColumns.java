package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.StripeAccounts;
import com.subscriptionreconciler.store.RunHistory;
import javax.sql.DataSource;

/**
 * Whether {@code runs} and {@code show} say which Stripe account each run reconciled: only with
 * {@code STRIPE_ACCOUNTS} set, so a single-account deployment's output (and a database that has not run migration 3)
 * is unchanged. These commands need no Stripe key, so only the variable's presence is read, not its accounts.
 */
final class AccountColumns {
  private AccountColumns() {}

  static boolean shown(Environment env) {
    return env.isSet(StripeAccounts.VARIABLE);
  }

  static RunHistory history(Environment env, DataSource dataSource) {
    RunHistory history = new RunHistory(dataSource);
    return shown(env) ? history.withAccounts() : history;
  }
}
