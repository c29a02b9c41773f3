package com.subscriptionreconciler.observability;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Emits one EMF document per run (docs/reference.md, Logs, metrics and alarms), namespace {@value #NAMESPACE},
 * dimension {@code Service}, through Powertools Metrics in functional style (no {@code @FlushMetrics}/AspectJ): add,
 * then {@link Metrics#flush()}.
 *
 * <p>Definitions (documented in the README): {@code RunSucceeded} is 1 only for a non-dry run with status
 * {@code succeeded} (a dry run fixes nothing, so it must not satisfy the "no successful run in 8 days" alarm);
 * {@code RunFailed} is 1 for status {@code failed} or an engine crash; {@code RunAborted} (an addition) is 1 when
 * the safety guard aborted; {@code DriftDetected} is the number of entities that differed from Stripe —
 * {@code synchronized + created + archived} (unlinked subscriptions are counted apart in {@code Unlinked}).
 * {@code UndeliveredWebhookEvents} is emitted only when the report carries webhook health. Run id, trigger, mode,
 * dry-run and status go in as EMF metadata (searchable, not dimensions, so alarms need no extra dimension).
 *
 * <p>Additions for the stack's alarms: {@code RunPartial} is 1 for status {@code partial}, and
 * {@code InvocationDurationMs} is how long the invocation that finished the run took. A paused invocation (status
 * {@code running}) emits only {@code InvocationPaused}: it stops at its deadline by design, so the stack's
 * duration alarm, which watches {@code InvocationDurationMs}, does not fire on it. The namespace is
 * {@code POWERTOOLS_METRICS_NAMESPACE} when set (the stack's {@code metricsNamespace}), else {@value #NAMESPACE}.
 */
public final class RunMetrics {
  public static final String NAMESPACE = "SubscriptionReconciler";
  public static final String DEFAULT_SERVICE = "subscription-reconciler";
  /** The dimension beside {@code Service} that names the Stripe account, present only with STRIPE_ACCOUNTS. */
  public static final String ACCOUNT_DIMENSION = "Account";

  private final Metrics metrics;

  public RunMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  /** The Powertools singleton, configured with our namespace and {@code Service} dimension. */
  public static RunMetrics powertools(String service) {
    return powertools(NAMESPACE, service);
  }

  /** The Powertools singleton with a namespace of the deployment's choosing. */
  public static RunMetrics powertools(String namespace, String service) {
    return new RunMetrics(MetricsBuilder.builder()
        .withNamespace(namespace)
        .withService(service)
        .withRaiseOnEmptyMetrics(false)
        .build());
  }

  public void record(RunReport report) {
    addRun(report);
    metrics.flush();
  }

  /** A finished run and how long its last invocation took. */
  public void record(RunReport report, long invocationMs) {
    addRun(report);
    metrics.addMetric("InvocationDurationMs", invocationMs, MetricUnit.MILLISECONDS);
    metrics.flush();
  }

  /** An invocation that stopped at its deadline and left the run to be resumed. */
  public void recordPause(String runId) {
    metrics.addMetric("InvocationPaused", 1, MetricUnit.COUNT);
    metadata("runId", runId);
    metrics.flush();
  }

  private void addRun(RunReport report) {
    if (report.account() != null) {
      // With STRIPE_ACCOUNTS each account's runs are also a series of their own, dimensions Service and Account
      // (docs/reference.md, Several Stripe accounts). The Service-only series stays beside it, so alarms and
      // dashboards on Service keep their data; without STRIPE_ACCOUNTS nothing changes at all.
      Map<String, String> withAccount = new LinkedHashMap<>(metrics.getDefaultDimensions().getDimensions());
      withAccount.put(ACCOUNT_DIMENSION, report.account());
      metrics.addDimension(DimensionSet.of(withAccount));
    }
    boolean failed = isStatus(report, RunStatus.FAILED);
    metrics.addMetric("RunSucceeded", isStatus(report, RunStatus.SUCCEEDED) && !report.dryRun() ? 1 : 0,
        MetricUnit.COUNT);
    metrics.addMetric("RunFailed", failed ? 1 : 0, MetricUnit.COUNT);
    metrics.addMetric("RunAborted", isStatus(report, RunStatus.ABORTED) ? 1 : 0, MetricUnit.COUNT);
    metrics.addMetric("RunPartial", isStatus(report, RunStatus.PARTIAL) ? 1 : 0, MetricUnit.COUNT);
    metrics.addMetric("Synchronized", report.synchronized_(), MetricUnit.COUNT);
    metrics.addMetric("Created", report.created(), MetricUnit.COUNT);
    metrics.addMetric("Archived", report.archived(), MetricUnit.COUNT);
    metrics.addMetric("Errors", report.errors(), MetricUnit.COUNT);
    metrics.addMetric("DriftDetected", report.driftDetected(), MetricUnit.COUNT);
    metrics.addMetric("Unlinked", report.unlinked(), MetricUnit.COUNT);
    metrics.addMetric("DurationMs", report.durationMs(), MetricUnit.MILLISECONDS);
    metrics.addMetric("StripeRequests", report.stripeRequests(), MetricUnit.COUNT);
    if (report.webhookHealth() != null) {
      metrics.addMetric("UndeliveredWebhookEvents", report.webhookHealth().undeliveredEvents(), MetricUnit.COUNT);
    }
    metadata("runId", report.runId());
    metadata("trigger", report.trigger());
    metadata("mode", report.mode());
    metadata("status", report.status());
    metrics.addMetadata("dryRun", report.dryRun());
  }

  /** The engine threw instead of returning a report: still count a failed run so the alarm sees it. */
  public void recordCrash() {
    metrics.addMetric("RunSucceeded", 0, MetricUnit.COUNT);
    metrics.addMetric("RunFailed", 1, MetricUnit.COUNT);
    metrics.flush();
  }

  /** A crash, with how long the invocation ran until it. */
  public void recordCrash(long invocationMs) {
    metrics.addMetric("InvocationDurationMs", invocationMs, MetricUnit.MILLISECONDS);
    recordCrash();
  }

  private void metadata(String key, String value) {
    if (value != null) {
      metrics.addMetadata(key, value);
    }
  }

  private static boolean isStatus(RunReport report, RunStatus status) {
    return report.runStatus() == status;
  }
}
