package com.subscriptionreconciler.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The run report (docs/reference.md, The run report): the Lambda's return value, the CLI's {@code --format json}
 * output and the final structured log line all carry this same object. Field names are a contract; do not rename.
 *
 * <p>Extra fields beyond the original minimum: {@code fallbackReason} (incremental run that fell back to full),
 * {@code abortReason} (safety guard), {@code error} (run failure message, never containing a secret) and
 * {@code webhookHealth} (undelivered events) and {@code resumeRunId} (set only while
 * {@code status} is {@code running}, i.e. a full run stopped at its Lambda deadline; invoke again with
 * {@code {"resumeRunId": <this>}} to continue it). They are null when not applicable.
 *
 * <p>A paused run's report is cumulative: its counts cover every invocation of the run so far.
 *
 * <p>{@code account} is the Stripe account's label (docs/reference.md, Several Stripe accounts). It is present only
 * when {@code STRIPE_ACCOUNTS} is set: a single-account deployment's reports stay exactly as they were.
 */
public record RunReport(
    String runId,
    String trigger,
    String mode,
    boolean dryRun,
    String status,
    Instant startedAt,
    Instant finishedAt,
    long durationMs,
    long totalOrganizations,
    long totalSubscriptions,
    @JsonProperty("synchronized") long synchronized_,
    long created,
    long archived,
    long skipped,
    long unlinked,
    long errors,
    Map<String, Long> driftByField,
    long stripeRequests,
    List<String> warnings,
    List<EntityDetail> details,
    String abortReason,
    String fallbackReason,
    String error,
    WebhookHealth webhookHealth,
    String resumeRunId,
    @JsonInclude(JsonInclude.Include.NON_NULL) String account,
    @JsonIgnore List<ItemError> itemErrors) {

  /** The {@code mode} of a rollback's report (a run's is {@code full} or {@code incremental}). */
  public static final String ROLLBACK_MODE = "rollback";

  /** A report without typed per-item errors (read back from the run row, or built by hand). */
  public RunReport(
      String runId, String trigger, String mode, boolean dryRun, String status, Instant startedAt,
      Instant finishedAt, long durationMs, long totalOrganizations, long totalSubscriptions, long synchronized_,
      long created, long archived, long skipped, long unlinked, long errors, Map<String, Long> driftByField,
      long stripeRequests, List<String> warnings, List<EntityDetail> details, String abortReason,
      String fallbackReason, String error, WebhookHealth webhookHealth, String resumeRunId, String account) {
    this(runId, trigger, mode, dryRun, status, startedAt, finishedAt, durationMs, totalOrganizations,
        totalSubscriptions, synchronized_, created, archived, skipped, unlinked, errors, driftByField, stripeRequests,
        warnings, details, abortReason, fallbackReason, error, webhookHealth, resumeRunId, account, List.of());
  }

  /** A report of a deployment without {@code STRIPE_ACCOUNTS} (no {@code account}). */
  public RunReport(
      String runId, String trigger, String mode, boolean dryRun, String status, Instant startedAt,
      Instant finishedAt, long durationMs, long totalOrganizations, long totalSubscriptions, long synchronized_,
      long created, long archived, long skipped, long unlinked, long errors, Map<String, Long> driftByField,
      long stripeRequests, List<String> warnings, List<EntityDetail> details, String abortReason,
      String fallbackReason, String error, WebhookHealth webhookHealth, String resumeRunId) {
    this(runId, trigger, mode, dryRun, status, startedAt, finishedAt, durationMs, totalOrganizations,
        totalSubscriptions, synchronized_, created, archived, skipped, unlinked, errors, driftByField, stripeRequests,
        warnings, details, abortReason, fallbackReason, error, webhookHealth, resumeRunId, null, List.of());
  }

  /** A report of a run that is not waiting to be resumed. */
  public RunReport(
      String runId, String trigger, String mode, boolean dryRun, String status, Instant startedAt,
      Instant finishedAt, long durationMs, long totalOrganizations, long totalSubscriptions, long synchronized_,
      long created, long archived, long skipped, long unlinked, long errors, Map<String, Long> driftByField,
      long stripeRequests, List<String> warnings, List<EntityDetail> details, String abortReason,
      String fallbackReason, String error, WebhookHealth webhookHealth) {
    this(runId, trigger, mode, dryRun, status, startedAt, finishedAt, durationMs, totalOrganizations,
        totalSubscriptions, synchronized_, created, archived, skipped, unlinked, errors, driftByField, stripeRequests,
        warnings, details, abortReason, fallbackReason, error, webhookHealth, null);
  }

  public RunReport {
    driftByField = driftByField == null ? Map.of() : Map.copyOf(driftByField);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    details = details == null ? List.of() : List.copyOf(details);
    itemErrors = itemErrors == null ? List.of() : List.copyOf(itemErrors);
  }

  /** {@code status} as the enum it is written from: compare this, not the wire name. */
  @JsonIgnore
  public RunStatus runStatus() {
    return RunStatus.parse(status);
  }

  /**
   * One per-item error of the run (it is also in {@code warnings} as {@code "error: <subject>: <message>"}, the
   * JSON's only form of it): one object failed and was left as it was, the rest of the run went on. Not part of
   * the JSON; the real-time consumer reads it to fail only the queue messages naming that object.
   *
   * @param subject what the warning names: the Stripe id, or {@code "<entity> <row id>"} for a row without one
   * @param entity {@code subscription}, {@code customer} or {@code organization}
   * @param stripeId the Stripe object's id; null for a row known only by its database id
   * @param message why, with secrets redacted
   */
  public record ItemError(String subject, String entity, String stripeId, String message) {
    public static ItemError ofStripeObject(String entity, String stripeId, String message) {
      return new ItemError(stripeId, entity, stripeId, message);
    }

    public static ItemError ofRow(String entity, long rowId, String message) {
      return new ItemError(entity + " " + rowId, entity, null, message);
    }

    /** The report's warning for it, as it has always read. */
    public String warning() {
      return "error: " + subject + ": " + message;
    }
  }

  /** One changed (or would-be-changed) entity. */
  public record EntityDetail(String entity, String id, String stripeId, String action, List<Change> changes) {
    public EntityDetail {
      changes = changes == null ? List.of() : List.copyOf(changes);
    }
  }

  /** One field of an entity: {@code from} and {@code to} are canonical strings (null means SQL NULL). */
  public record Change(String field, String from, String to) {}

  /**
   * Rows the run made match Stripe: changed, created and archived (for a dry run, would have). The
   * {@code DriftDetected} metric; a dry run with any is drift.
   */
  @JsonIgnore
  public long driftDetected() {
    return synchronized_ + created + archived;
  }

  /** Events Stripe could not deliver to the application's webhook endpoints in the last 7 days. */
  public record WebhookHealth(long undeliveredEvents, Map<String, Long> undeliveredByType) {
    public WebhookHealth {
      undeliveredByType = undeliveredByType == null ? Map.of() : Map.copyOf(undeliveredByType);
    }
  }
}
