package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.observability.RunMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * One EMF document per event batch, in the product's namespace: {@code EventsReceived}, {@code EventsApplied},
 * {@code EventsSkipped} (other mode than the key), {@code ConnectedAccountEventsSkipped} (events of a Stripe
 * Connect account, which the platform's key must not reconcile), {@code EventsUnhandled}, {@code EventsFailed} (to be retried),
 * {@code EventLagMs} (one value per applied event: from the event's {@code created} to the end of the run that
 * wrote it; the stack alarms on its p95), and the run's {@code Errors} and {@code StripeRequests}.
 *
 * <p>Deliberately not emitted for event runs: {@code RunSucceeded} (a busy event stream must not hide a weekly
 * run that stopped happening) and {@code DriftDetected} (every event is a change, so it would trip the drift
 * alarm all day).
 */
public final class RealTimeMetrics {
  private final Metrics metrics;

  public RealTimeMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  /** Metrics in {@code namespace}: the stack's metricsNamespace, which its alarms and dashboard read too. */
  public static RealTimeMetrics powertools(String namespace, String service) {
    return new RealTimeMetrics(MetricsBuilder.builder()
        .withNamespace(namespace)
        .withService(service)
        .withRaiseOnEmptyMetrics(false)
        .build());
  }

  public void record(EventBatchConsumer.BatchOutcome outcome) {
    add(outcome);
    metrics.flush();
  }

  /**
   * One account's part of a batch ({@code STRIPE_ACCOUNTS}): the same metrics, also under the dimensions
   * {@code Service} and {@code Account}, as an account's runs have them.
   */
  public void record(EventBatchConsumer.BatchOutcome outcome, String account) {
    Map<String, String> withAccount = new LinkedHashMap<>(metrics.getDefaultDimensions().getDimensions());
    withAccount.put(RunMetrics.ACCOUNT_DIMENSION, account);
    metrics.addDimension(DimensionSet.of(withAccount));
    add(outcome);
    metrics.flush();
  }

  private void add(EventBatchConsumer.BatchOutcome outcome) {
    metrics.addMetric("EventsReceived", outcome.received(), MetricUnit.COUNT);
    metrics.addMetric("EventsApplied", outcome.applied(), MetricUnit.COUNT);
    metrics.addMetric("EventsSkipped", outcome.skipped(), MetricUnit.COUNT);
    metrics.addMetric("ConnectedAccountEventsSkipped", outcome.connectedAccountSkipped(), MetricUnit.COUNT);
    metrics.addMetric("EventsUnhandled", outcome.unhandled(), MetricUnit.COUNT);
    metrics.addMetric("EventsFailed", outcome.failedMessageIds().size(), MetricUnit.COUNT);
    outcome.lagsMillis().forEach(lag -> metrics.addMetric("EventLagMs", lag, MetricUnit.MILLISECONDS));
    if (outcome.report() != null) {
      // a batch retried in halves made several runs: every one of them counts
      metrics.addMetric("Errors", outcome.reports().stream().mapToLong(r -> r.errors()).sum(), MetricUnit.COUNT);
      metrics.addMetric("StripeRequests", outcome.reports().stream().mapToLong(r -> r.stripeRequests()).sum(),
          MetricUnit.COUNT);
      metrics.addMetadata("runId", outcome.report().runId());
      metrics.addMetadata("trigger", outcome.report().trigger().wireName());
    }
  }
}
