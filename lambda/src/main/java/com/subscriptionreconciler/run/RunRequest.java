package com.subscriptionreconciler.run;

import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import java.util.List;
import java.util.Objects;

/**
 * What one reconciliation run is asked to do (docs/reference.md, Lambda payloads and CLI commands). Built by
 * the Lambda payload parser and by the CLI; consumed by the engine. Empty id lists mean "everything"; any
 * non-empty list makes a targeted run.
 *
 * <p>{@code resumeRunId} continues a full run that stopped at a Lambda deadline (report status
 * {@code running}); such a request keeps that run's own settings (trigger, dry run, force) and cannot be targeted
 * or incremental.
 */
public record RunRequest(
    Trigger trigger,
    Mode mode,
    boolean dryRun,
    boolean force,
    List<Long> organizationIds,
    List<String> customerIds,
    List<String> subscriptionIds,
    String resumeRunId) {

  public RunRequest(
      Trigger trigger, Mode mode, boolean dryRun, boolean force, List<Long> organizationIds, List<String> customerIds,
      List<String> subscriptionIds) {
    this(trigger, mode, dryRun, force, organizationIds, customerIds, subscriptionIds, null);
  }

  public RunRequest {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(mode, "mode");
    if (mode == Mode.ROLLBACK) {
      throw new IllegalArgumentException("a run is full or incremental; a rollback is started by Engine.rollback");
    }
    organizationIds = List.copyOf(organizationIds == null ? List.of() : organizationIds);
    customerIds = List.copyOf(customerIds == null ? List.of() : customerIds);
    subscriptionIds = List.copyOf(subscriptionIds == null ? List.of() : subscriptionIds);
    if (resumeRunId != null && (mode != Mode.FULL || !organizationIds.isEmpty() || !customerIds.isEmpty()
        || !subscriptionIds.isEmpty())) {
      throw new IllegalArgumentException("only a full run can be resumed");
    }
  }

  /** Continues the paused full run {@code runId}. */
  public static RunRequest resume(Trigger trigger, String runId) {
    return new RunRequest(
        trigger, Mode.FULL, false, false, List.of(), List.of(), List.of(), Objects.requireNonNull(runId, "runId"));
  }

  public static RunRequest full(Trigger trigger) {
    return new RunRequest(trigger, Mode.FULL, false, false, List.of(), List.of(), List.of());
  }

  public boolean targeted() {
    return !organizationIds.isEmpty() || !customerIds.isEmpty() || !subscriptionIds.isEmpty();
  }

  public RunRequest withDryRun(boolean value) {
    return new RunRequest(trigger, mode, value, force, organizationIds, customerIds, subscriptionIds, resumeRunId);
  }
}
