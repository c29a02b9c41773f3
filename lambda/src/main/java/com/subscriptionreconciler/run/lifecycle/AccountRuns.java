package com.subscriptionreconciler.run.lifecycle;

import com.subscriptionreconciler.config.AccountScope;
import com.subscriptionreconciler.store.StatementCounter;
import javax.sql.DataSource;

/**
 * Where one Stripe account's runs are kept: the database holding the account's run lock and run rows, the counter
 * of the statements sent there, and which account it is. A {@link RunLifecycle} takes the lock and writes the row
 * through these, always together.
 *
 * @param statements counts the SQL statements the engine sends (benchmarks and tests read it)
 * @param account the Stripe account whose lock a run takes and whose run row it writes
 */
public record AccountRuns(DataSource dataSource, StatementCounter statements, AccountScope account) {}
