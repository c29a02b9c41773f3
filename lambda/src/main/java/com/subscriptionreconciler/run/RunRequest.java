package com.subscriptionreconciler.run;

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

  /**
   * Who asked for the run. {@code EVENT}: a batch from the real-time path's queue (see docs/reference.md, The
   * real-time path); such a run is targeted at the objects the events name and runs beside a full run.
   */
  public enum Trigger {
    SCHEDULE, MANUAL, CLI, EVENT;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum Mode {
    FULL, INCREMENTAL;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code full}/{@code incremental}; anything else is a usage error with the accepted values. */
    public static Mode parse(String value) {
      for (Mode m : values()) {
        if (m.wireName().equals(value)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown mode '" + value + "' (expected full or incremental)");
    }
  }
}
