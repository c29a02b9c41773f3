package com.subscriptionreconciler.store;

import com.subscriptionreconciler.config.AccountScope;
import com.subscriptionreconciler.plan.ChangeRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Read-only queries over the reconciler's own bookkeeping: the one way to look a run up, for the {@code runs},
 * {@code show} and {@code rollback} commands and for resuming a paused run. Never takes the run lock: an operator
 * must be able to look at history while a run is in progress.
 *
 * <p>A run's changes are read in keyset pages by audit row id, never all at once: a first run against a drifted
 * database can record hundreds of thousands of rows, and {@code show --format csv} must stream them in constant
 * memory.
 */
public final class RunHistory {
  /** Big enough that a typical run is one round trip, small enough to bound memory. */
  public static final int DEFAULT_PAGE_SIZE = 1_000;

  private static final String RUN_COLUMNS =
      "id, `trigger`, mode, dry_run, status, started_at, finished_at, duration_ms, total_organizations,"
          + " total_subscriptions, synchronized_count, created, archived, skipped, unlinked, errors,"
          + " stripe_requests, error, rollback_of_run_id";
  private static final String CHANGE_COLUMNS =
      "id, run_id, entity, entity_id, stripe_id, action, field, old_value, new_value, applied, created_at";

  private final DataSource dataSource;
  private final int pageSize;
  private final StatementCounter statements;
  /** Which runs {@link #find} and {@link #latestResumable} see: one account's, or all. */
  private final Optional<String> accountCondition;
  /** Whether rows are read with their {@code stripe_account} (a column that exists from migration 3). */
  private final boolean readAccount;

  public RunHistory(DataSource dataSource) {
    this(dataSource, DEFAULT_PAGE_SIZE);
  }

  public RunHistory(DataSource dataSource, int pageSize) {
    this(dataSource, pageSize, new StatementCounter());
  }

  /** For the engine, which counts every statement it sends. */
  public RunHistory(DataSource dataSource, StatementCounter statements) {
    this(dataSource, DEFAULT_PAGE_SIZE, statements);
  }

  private RunHistory(DataSource dataSource, int pageSize, StatementCounter statements) {
    this(dataSource, pageSize, statements, Optional.empty(), false);
  }

  private RunHistory(
      DataSource dataSource, int pageSize, StatementCounter statements, Optional<String> accountCondition,
      boolean readAccount) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1");
    }
    this.pageSize = pageSize;
    this.statements = Objects.requireNonNull(statements, "statements");
    this.accountCondition = accountCondition;
    this.readAccount = readAccount;
  }

  /**
   * The same history seen by one Stripe account's engine (docs/reference.md, Several Stripe accounts): only its own
   * runs can be found, resumed or block its fresh full run. {@link AccountScope#single()} sees every run, as before.
   */
  public RunHistory scopedTo(AccountScope account) {
    return new RunHistory(dataSource, pageSize, statements, account.condition("stripe_account"), account.labelled());
  }

  /** Every run, each read with its account ({@code runs} and {@code show} with {@code STRIPE_ACCOUNTS} set). */
  public RunHistory withAccounts() {
    return new RunHistory(dataSource, pageSize, statements, accountCondition, true);
  }

  private String runColumns() {
    return readAccount ? RUN_COLUMNS + ", stripe_account" : RUN_COLUMNS;
  }

  private String andAccount() {
    return accountCondition.map(condition -> " AND " + condition).orElse("");
  }

  /** The {@code limit} most recent runs, newest first (ties on start time broken by id, so the order is stable). */
  public List<RunSummary> recent(int limit) throws SQLException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT " + runColumns() + " FROM reconciliation_runs ORDER BY started_at DESC, id DESC LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<RunSummary> runs = new ArrayList<>();
        while (rs.next()) {
          runs.add(summary(rs, readAccount));
        }
        return runs;
      }
    }
  }

  /** The run's row, stored report and resume state, or empty when no run has that id. */
  public Optional<StoredRun> find(String runId) throws SQLException {
    return one("SELECT " + runColumns() + ", report, resume_state FROM reconciliation_runs WHERE id = ?"
        + andAccount(), runId);
  }

  /** The newest run that is paused and waiting to be resumed, if any. */
  public Optional<StoredRun> latestResumable() throws SQLException {
    return one("SELECT " + runColumns() + ", report, resume_state FROM reconciliation_runs"
        + " WHERE status = 'running' AND resume_state IS NOT NULL" + andAccount() + " ORDER BY started_at DESC, id DESC LIMIT 1", null);
  }

  private Optional<StoredRun> one(String sql, String runId) throws SQLException {
    statements.increment();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (runId != null) {
        ps.setString(1, runId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredRun(summary(rs, readAccount), Optional.ofNullable(rs.getString("report")),
            Optional.ofNullable(rs.getString("resume_state"))));
      }
    }
  }

  /** The run's applied changes with a row id, in the order they were made: what a rollback undoes. */
  public List<ChangeRecord> appliedChanges(String runId) throws SQLException {
    statements.increment();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + CHANGE_COLUMNS + " FROM reconciliation_changes"
            + " WHERE run_id = ? AND applied = TRUE AND entity_id IS NOT NULL ORDER BY id")) {
      ps.setString(1, runId);
      return changeList(ps);
    }
  }

  /** One page of a run's changes in recording order: those with an audit id greater than {@code afterId}. */
  public List<ChangeRecord> changes(String runId, long afterId, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT " + CHANGE_COLUMNS + " FROM reconciliation_changes WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?")) {
      ps.setString(1, runId);
      ps.setLong(2, afterId);
      ps.setInt(3, limit);
      return changeList(ps);
    }
  }

  private static List<ChangeRecord> changeList(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<ChangeRecord> changes = new ArrayList<>();
      while (rs.next()) {
        changes.add(change(rs));
      }
      return changes;
    }
  }

  /**
   * Hands every change of the run to {@code sink}, in recording order, one page at a time; returns how many. No
   * connection is held while {@code sink} runs, so a slow consumer (a pipe to {@code less}) holds nothing open.
   */
  public long forEachChange(String runId, Consumer<ChangeRecord> sink) throws SQLException {
    long afterId = 0;
    long count = 0;
    while (true) {
      List<ChangeRecord> page = changes(runId, afterId, pageSize);
      page.forEach(sink);
      count += page.size();
      if (page.size() < pageSize) {
        return count;
      }
      afterId = page.get(page.size() - 1).id();
    }
  }

  private static RunSummary summary(ResultSet rs, boolean readAccount) throws SQLException {
    return new RunSummary(
        rs.getString("id"),
        rs.getString("trigger"),
        rs.getString("mode"),
        rs.getBoolean("dry_run"),
        rs.getString("status"),
        SqlValues.instant(rs, "started_at"),
        SqlValues.instant(rs, "finished_at"),
        SqlValues.nullableLong(rs, "duration_ms"),
        rs.getLong("total_organizations"),
        rs.getLong("total_subscriptions"),
        rs.getLong("synchronized_count"),
        rs.getLong("created"),
        rs.getLong("archived"),
        rs.getLong("skipped"),
        rs.getLong("unlinked"),
        rs.getLong("errors"),
        rs.getLong("stripe_requests"),
        rs.getString("error"),
        rs.getString("rollback_of_run_id"),
        readAccount ? rs.getString("stripe_account") : null);
  }

  private static ChangeRecord change(ResultSet rs) throws SQLException {
    return new ChangeRecord(
        rs.getLong("id"),
        rs.getString("run_id"),
        rs.getString("entity"),
        SqlValues.nullableLong(rs, "entity_id"),
        rs.getString("stripe_id"),
        rs.getString("action"),
        rs.getString("field"),
        rs.getString("old_value"),
        rs.getString("new_value"),
        rs.getBoolean("applied"),
        SqlValues.instant(rs, "created_at"));
  }
}
