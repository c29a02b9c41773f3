package com.subscriptionreconciler.run.lifecycle;

import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.run.NotResumableException;
import com.subscriptionreconciler.store.RunHistory;
import com.subscriptionreconciler.store.RunRecords;
import com.subscriptionreconciler.store.StoredRun;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The rules for a full run paused at its deadline and waiting for its next invocation: which run may be resumed,
 * and what a fresh full run does while one waits. A paused run waits at most {@link #RESUMABLE_FOR}; the state
 * machine that drives it resumes within seconds, so a run older than that was given up on.
 */
public final class WaitingRunPolicy {
  static final Duration RESUMABLE_FOR = Duration.ofHours(24);

  private final RunHistory history;
  private final RunRecords records;

  public WaitingRunPolicy(RunHistory history, RunRecords records) {
    this.history = history;
    this.records = records;
  }

  /**
   * The run {@code runId} if it can be resumed at {@code now}.
   *
   * @throws NotResumableException naming why not: unknown, finished, not paused, or waiting too long
   */
  public StoredRun resumable(String runId, Instant now) throws SQLException {
    StoredRun run = history.find(runId)
        .orElseThrow(() -> new NotResumableException("cannot resume: no run with id '" + runId + "'"));
    String status = run.summary().status();
    Optional<RunStatus> known = RunStatus.fromWireName(status);
    if (known.isEmpty()) {
      throw new NotResumableException("cannot resume run " + runId + ": its status '" + status + "' is unknown to"
          + " this version (was it recorded by a newer one?)");
    }
    if (known.get() != RunStatus.RUNNING) {
      throw new NotResumableException("cannot resume run " + runId + ": it already finished (status " + status
          + "); start a new run instead");
    }
    if (run.resumeState().isEmpty()) {
      throw new NotResumableException("cannot resume run " + runId + ": it is not waiting to be resumed (it is"
          + " still running, or it stopped without saving its progress)");
    }
    Instant startedAt = run.summary().startedAt();
    if (startedAt.plus(RESUMABLE_FOR).isBefore(now)) {
      throw new NotResumableException("cannot resume run " + runId + ": it started at " + startedAt
          + ", more than " + RESUMABLE_FOR.toHours() + " h ago; start a new full run instead");
    }
    return run;
  }

  /**
   * Whether a fresh full run must be refused because another waits to be resumed: running both would do the
   * same work twice, and the waiting run's next invocation would find the data changed under its counts. The
   * report then says which run to resume. A run left waiting longer than {@link #RESUMABLE_FOR} (its driver gave
   * up) is abandoned instead, with a warning, and the fresh run goes ahead.
   */
  /** What a fresh full run may do: go ahead (perhaps with a warning), or be refused with a reason. */
  public sealed interface Verdict {
    record GoAhead(Optional<String> warning) implements Verdict {}

    record Refused(String reason) implements Verdict {}
  }

  public Verdict forFreshFullRun(String runId, Instant startedAtNow) throws SQLException {
    Optional<StoredRun> waiting = history.latestResumable();
    if (waiting.isEmpty()) {
      return new Verdict.GoAhead(Optional.empty());
    }
    String id = waiting.get().id();
    Instant startedAt = waiting.get().summary().startedAt();
    if (startedAt.plus(RESUMABLE_FOR).isBefore(startedAtNow)) {
      records.abandon(id, "abandoned: not resumed within " + RESUMABLE_FOR.toHours() + " h; superseded by run "
          + runId, startedAtNow);
      return new Verdict.GoAhead(Optional.of("run " + id + " was waiting to be resumed for more than "
          + RESUMABLE_FOR.toHours() + " h and was abandoned"));
    }
    return new Verdict.Refused("run " + id + " (started " + startedAt + ") stopped at its deadline and is waiting"
        + " to be resumed; continue it with {\"resumeRunId\":\"" + id + "\"} instead of starting another full run");
  }
}
