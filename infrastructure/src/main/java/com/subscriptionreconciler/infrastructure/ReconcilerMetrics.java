package com.subscriptionreconciler.infrastructure;

import java.util.List;
import java.util.Map;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.MetricsConfig;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The reconciler's own metrics (docs/reference.md, Logs, metrics and alarms), written by the function in Embedded
 * Metric Format through Powertools for AWS Lambda (Java) v2.
 *
 * <p>Powertools v2 puts {@code POWERTOOLS_SERVICE_NAME} into a default dimension named {@code Service}
 * (capital S: {@code MetricsBuilder.withService} sets {@code DimensionSet.of("Service", service)}). CloudWatch
 * treats every distinct dimension set as a separate metric, so alarms and the dashboard must ask for exactly
 * {@code Service=<serviceName>}. The namespace and service name are the ones the stack hands the function
 * ({@code POWERTOOLS_METRICS_NAMESPACE}, {@code POWERTOOLS_SERVICE_NAME}), so a custom {@code metricsNamespace}
 * moves metrics, alarms and dashboard together.
 */
public final class ReconcilerMetrics {

    public static final String RUN_SUCCEEDED = "RunSucceeded";
    public static final String RUN_FAILED = "RunFailed";
    public static final String SYNCHRONIZED = "Synchronized";
    public static final String CREATED = "Created";
    public static final String ARCHIVED = "Archived";
    public static final String ERRORS = "Errors";
    public static final String DRIFT_DETECTED = "DriftDetected";
    public static final String UNLINKED = "Unlinked";
    public static final String DURATION_MS = "DurationMs";
    public static final String STRIPE_REQUESTS = "StripeRequests";
    public static final String UNDELIVERED_WEBHOOK_EVENTS = "UndeliveredWebhookEvents";
    public static final String RUN_ABORTED = "RunAborted";
    public static final String RUN_PARTIAL = "RunPartial";
    /** How long the invocation that finished a run took; paused invocations do not emit it. */
    public static final String INVOCATION_DURATION_MS = "InvocationDurationMs";
    public static final String INVOCATION_PAUSED = "InvocationPaused";

    public static final List<String> ALL = List.of(RUN_SUCCEEDED, RUN_FAILED, SYNCHRONIZED, CREATED, ARCHIVED,
            ERRORS, DRIFT_DETECTED, UNLINKED, DURATION_MS, STRIPE_REQUESTS, UNDELIVERED_WEBHOOK_EVENTS, RUN_ABORTED,
            RUN_PARTIAL, INVOCATION_DURATION_MS, INVOCATION_PAUSED);

    private final MetricsConfig config;

    public ReconcilerMetrics(MetricsConfig config) {
        this.config = config;
    }

    public String namespace() {
        return config.namespace();
    }

    public Metric metric(String name, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace(config.namespace())
                .metricName(name)
                .dimensionsMap(Map.of("Service", config.serviceName()))
                .statistic(statistic)
                .period(period)
                .build();
    }

    public Metric sum(String name, Duration period) {
        return metric(name, "Sum", period);
    }
}
