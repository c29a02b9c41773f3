package com.subscriptionreconciler.store;

import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.Trigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code reconciliation_runs}: a row when a run starts (status {@code running}, which is also how a
 * second run learns who holds the lock) and its final report when it ends. The full report JSON is kept so
 * {@code show RUN_ID} prints exactly what the run returned.
 *
 * <p>A full run paused at a Lambda deadline keeps status {@code running} and stores its progress in
 * {@code resume_state} ({@link #checkpoint}); finishing the run clears it. Runs are read back through
 * {@link RunHistory}.
 */
public final class RunRecords {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecords.class);

  private final DataSource dataSource;
  private final StatementCounter statements;

  public RunRecords(DataSource dataSource, StatementCounter statements) {
    this.dataSource = dataSource;
    this.statements = statements;
  }

  public void start(
      String runId, Trigger trigger, Mode mode, boolean dryRun, Instant startedAt, String rollbackOfRunId)
      throws SQLException {
    start(runId, trigger, mode, dryRun, startedAt, rollbackOfRunId, null);
  }

  /**
   * @param account the Stripe account's label with {@code STRIPE_ACCOUNTS}, else null (and the column, which exists
   *     from migration 3 on, is not written)
   */
  public void start(
      String runId, Trigger trigger, Mode mode, boolean dryRun, Instant startedAt, String rollbackOfRunId,
      String account) throws SQLException {
    statements.increment();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO reconciliation_runs (id, `trigger`, mode, dry_run, status, started_at, rollback_of_run_id"
                    + (account == null ? ")" : ", stripe_account)")
                    + " VALUES (?, ?, ?, ?, 'running', ?, ?" + (account == null ? ")" : ", ?)"))) {
      ps.setString(1, runId);
      ps.setString(2, trigger.wireName());
      ps.setString(3, mode.wireName());
      ps.setBoolean(4, dryRun);
      SqlValues.bindInstant(ps, 5, startedAt);
      ps.setString(6, rollbackOfRunId);
      if (account != null) {
        ps.setString(7, account);
      }
      ps.executeUpdate();
    }
  }

  public void finish(RunReport report) throws SQLException {
    write(report, null);
  }

  /**
   * Records a paused run: its counts so far and the state its next invocation starts from; the status stays
   * {@code running} and {@code finished_at} empty.
   */
  public void checkpoint(RunReport report, String resumeState) throws SQLException {
    write(report, Objects.requireNonNull(resumeState, "resumeState"));
  }

  /** Ends a paused run that will not be resumed: failed, with the reason, its resume state dropped. */
  public void abandon(String runId, String reason, Instant at) throws SQLException {
    statements.increment();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE reconciliation_runs SET status = 'failed', finished_at = ?, error = ?, resume_state = NULL"
                    + " WHERE id = ? AND status = 'running'")) {
      SqlValues.bindInstant(ps, 1, at);
      ps.setString(2, reason);
      ps.setString(3, runId);
      ps.executeUpdate();
    }
  }

  /** What an interrupted run's row says in {@code error}. */
  public static final String INTERRUPTED = "interrupted: the process died before finishing";

  /**
   * How long an event run (trigger {@code event}, which takes no lock) may still be alive: the longest a Lambda
   * invocation can run. {@code listen}'s event runs last seconds.
   */
  static final Duration EVENT_RUN_LIFETIME = Duration.ofMinutes(15);

  /**
   * Marks {@code failed} every {@code running} row that cannot belong to a live run; called by the run that has just
   * taken the lock, so no other run that takes the lock can be alive. Left alone: {@code ownRunId}, a paused run
   * waiting for its next invocation ({@code resume_state} set: its driver continues it, or {@link #abandon} ends
   * it), and an event run younger than {@link #EVENT_RUN_LIFETIME}. {@code finished_at} stays empty (when the
   * process died is not known), its counts of changed, created and archived subscriptions are taken from its
   * applied audit rows, and those rows stay: {@code show} and {@code rollback} work on it.
   *
   * @return how many rows were marked
   */
  public int markInterrupted(String ownRunId, Instant now) throws SQLException {
    statements.increment();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE reconciliation_runs r SET status = 'failed', error = ?,"
                    + " synchronized_count = " + appliedRows("update")
                    + ", created = " + appliedRows("insert")
                    + ", archived = " + appliedRows("archive")
                    + " WHERE status = 'running' AND resume_state IS NULL AND id <> ?"
                    + " AND (`trigger` <> 'event' OR started_at < ?)")) {
      ps.setString(1, INTERRUPTED);
      ps.setString(2, ownRunId);
      SqlValues.bindInstant(ps, 3, now.minus(EVENT_RUN_LIFETIME));
      int marked = ps.executeUpdate();
      if (marked > 0) {
        LOG.warn("Marked {} run(s) left 'running' by a process that died as failed ({})", marked, INTERRUPTED);
      }
      return marked;
    }
  }

  /** How many subscriptions a run changed this way, from its applied audit rows (a dead run wrote no counts). */
  private static String appliedRows(String action) {
    return "(SELECT COUNT(DISTINCT c.entity_id) FROM reconciliation_changes c WHERE c.run_id = r.id AND c.applied"
        + " AND c.entity = 'subscription' AND c.action = '" + action + "')";
  }

  private void write(RunReport report, String resumeState) throws SQLException {
    statements.increment();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE reconciliation_runs SET status = ?, finished_at = ?, duration_ms = ?,"
                    + " total_organizations = ?, total_subscriptions = ?, synchronized_count = ?, created = ?,"
                    + " archived = ?, skipped = ?, unlinked = ?, errors = ?, stripe_requests = ?, error = ?,"
                    + " report = ?, resume_state = ? WHERE id = ?")) {
      int i = 1;
      ps.setString(i++, report.status().wireName());
      SqlValues.bindInstant(ps, i++, resumeState == null ? report.finishedAt() : null);
      ps.setLong(i++, report.durationMs());
      ps.setLong(i++, report.totalOrganizations());
      ps.setLong(i++, report.totalSubscriptions());
      ps.setLong(i++, report.synchronized_());
      ps.setLong(i++, report.created());
      ps.setLong(i++, report.archived());
      ps.setLong(i++, report.skipped());
      ps.setLong(i++, report.unlinked());
      ps.setLong(i++, report.errors());
      ps.setLong(i++, report.stripeRequests());
      ps.setString(i++, report.error() != null ? report.error() : report.abortReason());
      ps.setString(i++, ReportJson.write(report));
      ps.setString(i++, resumeState);
      ps.setString(i, report.runId());
      ps.executeUpdate();
    }
  }
}
