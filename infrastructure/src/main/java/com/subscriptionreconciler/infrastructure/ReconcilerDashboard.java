package com.subscriptionreconciler.infrastructure;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * One CloudWatch dashboard for the reconciler: runs (succeeded/failed/aborted/partial), drift by kind, duration, Stripe
 * requests, errors and webhook health, plus the alarms' states. Default range 8 weeks, so a weekly job shows
 * eight runs; per-run metrics are summed per day.
 */
public final class ReconcilerDashboard extends Construct {

    private final Dashboard dashboard;

    public ReconcilerDashboard(Construct scope, String id, ReconcilerMetrics metrics, IFunction function,
                               ReconcilerFunction reconciler, ReconcilerAlarms alarms) {
        super(scope, id);
        Duration day = Duration.days(1);
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .defaultInterval(Duration.days(56))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# Subscription Reconciler\nWeekly Stripe -> MySQL reconciliation (Stripe wins)."
                        + " Metrics: EMF namespace `" + metrics.namespace() + "`;"
                        + " run reports are in the function's log group (`Reconciliation completed`).")
                .width(24).height(2).build());
        dashboard.addWidgets(
                graph("Runs (succeeded, failed, aborted, partial)", List.of(
                        metrics.sum(ReconcilerMetrics.RUN_SUCCEEDED, day),
                        metrics.sum(ReconcilerMetrics.RUN_FAILED, day),
                        metrics.sum(ReconcilerMetrics.RUN_ABORTED, day),
                        metrics.sum(ReconcilerMetrics.RUN_PARTIAL, day))),
                graph("Drift by kind", List.of(
                        metrics.sum(ReconcilerMetrics.SYNCHRONIZED, day),
                        metrics.sum(ReconcilerMetrics.CREATED, day),
                        metrics.sum(ReconcilerMetrics.ARCHIVED, day),
                        metrics.sum(ReconcilerMetrics.UNLINKED, day),
                        metrics.sum(ReconcilerMetrics.DRIFT_DETECTED, day))));
        dashboard.addWidgets(
                graph("Duration (ms)", List.of(
                        metrics.metric(ReconcilerMetrics.DURATION_MS, "Maximum", day),
                        metrics.metric(ReconcilerMetrics.INVOCATION_DURATION_MS, "Maximum", day),
                        function.metricDuration(MetricOptions.builder().statistic("Maximum").period(day)
                                .label("Lambda Duration (max)").build()))),
                graph("Stripe requests, paused invocations", List.of(
                        metrics.sum(ReconcilerMetrics.STRIPE_REQUESTS, day),
                        metrics.sum(ReconcilerMetrics.INVOCATION_PAUSED, day))));
        dashboard.addWidgets(
                graph("Errors", List.of(
                        metrics.sum(ReconcilerMetrics.ERRORS, day),
                        function.metricErrors(MetricOptions.builder().statistic("Sum").period(day)
                                .label("Lambda Errors").build()),
                        reconciler.failureQueue().metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                                .statistic("Maximum").period(day).label("Failure queue depth").build()))),
                graph("Webhook health", List.of(
                        metrics.metric(ReconcilerMetrics.UNDELIVERED_WEBHOOK_EVENTS, "Maximum", day))));
        List<IAlarm> all = new ArrayList<>(alarms.metricAlarms());
        all.add(alarms.noSuccessfulRun());
        dashboard.addWidgets(AlarmStatusWidget.Builder.create()
                .title("Alarms")
                .alarms(all)
                .width(24)
                .build());
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(new ArrayList<>(metrics))
                .width(12)
                .height(6)
                .build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
