package com.subscriptionreconciler.infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.AlarmConfig;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmRule;
import software.amazon.awscdk.services.cloudwatch.AlarmState;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CompositeAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * CloudWatch alarms (docs/reference.md, Logs, metrics and alarms), all notifying one SNS topic: a new one (SSL-only
 * policy, optional e-mail subscription) or an existing one given by ARN.
 *
 * <p><b>No successful run in 8 days.</b> CloudWatch caps an alarm's evaluation range (period x evaluation
 * periods) at 7 days (604,800 s), so "1 day x 8 periods" is rejected by PutMetricAlarm and a single alarm cannot
 * see 8 days. A 7-day window alone would fire every week for the minutes between last week's and this week's
 * finish time. The stack therefore combines two metric alarms in a composite alarm that carries the action:
 * <ol>
 *   <li>{@code NoSuccessIn7Days}: {@code RunSucceeded} Sum, period 1 day, 7 of 7 periods below 1, missing data
 *   breaching;</li>
 *   <li>{@code NoInvocationIn1Day}: the function's {@code Invocations} Sum, period 1 day, below 1, missing data
 *   breaching - i.e. no run is in progress or just finished.</li>
 * </ol>
 * Both in ALARM = nothing succeeded for 7 days and nothing has run for a day: with the weekly schedule that is
 * the day after a failed (or missing) weekly run, 8 days after the last success. If the schedule never fired at
 * all it alarms after 7 days. Missing data breaches, so a fresh deployment is in ALARM until its first
 * successful run (invoke it once after deploying).
 */
public final class ReconcilerAlarms extends Construct {

    private final ITopic topic;
    private final List<Alarm> metricAlarms = new ArrayList<>();
    private final CompositeAlarm noSuccessfulRun;

    public ReconcilerAlarms(Construct scope, String id, ReconcilerConfig config, ReconcilerFunction reconciler,
                            ReconcilerMetrics metrics) {
        super(scope, id);
        AlarmConfig alarms = config.alarms();
        this.topic = topic(alarms);
        SnsAction action = new SnsAction(topic);

        var fn = reconciler.function();
        double timeoutMs = config.function().timeoutMinutes() * 60_000d;

        add(action, "LambdaErrors", "The reconciler invocation failed (a run failed as a whole, or the function"
                        + " crashed/timed out). Check the function's logs for 'Reconciliation failed'.",
                fn.metricErrors(options("Sum", Duration.minutes(5))),
                alarms.lambdaErrorsThreshold(), ComparisonOperator.GREATER_THAN_THRESHOLD, 1,
                TreatMissingData.NOT_BREACHING);
        // The reconciler's own measure of the invocation that finished a run: an invocation that pauses at its
        // deadline (70% of its time, then applies what it planned) does so by design and emits no duration, so
        // it cannot trip this alarm. An invocation cut off by the timeout emits nothing either, but counts in
        // Lambda's Errors (the LambdaErrors alarm).
        add(action, "LambdaDuration", "An invocation that finished a run took more than "
                        + alarms.durationPercentOfTimeout() + "% of the function timeout; the next larger run may be"
                        + " cut off. Raise timeoutMinutes or STRIPE_MAX_RPS (stripeMaxRps). Invocations that pause"
                        + " at their deadline to be resumed do not count.",
                metrics.metric(ReconcilerMetrics.INVOCATION_DURATION_MS, "Maximum", Duration.minutes(5)),
                Math.floor(timeoutMs * alarms.durationPercentOfTimeout() / 100d),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 1, TreatMissingData.NOT_BREACHING);
        add(action, "ReconcilerErrors", "A run recorded per-item errors (metric Errors). See the run report"
                        + " ('show RUN_ID').",
                metrics.sum(ReconcilerMetrics.ERRORS, Duration.hours(1)),
                alarms.errorsThreshold(), ComparisonOperator.GREATER_THAN_THRESHOLD, 1,
                TreatMissingData.NOT_BREACHING);
        add(action, "RunAborted", "A run was aborted and applied nothing: the safety guard tripped (too many"
                        + " changes; often a Stripe key for the wrong account or test mode) or another run held the"
                        + " lock. The run report's abortReason says which ('runs', then 'show RUN_ID').",
                metrics.sum(ReconcilerMetrics.RUN_ABORTED, Duration.hours(1)),
                0, ComparisonOperator.GREATER_THAN_THRESHOLD, 1, TreatMissingData.NOT_BREACHING);
        add(action, "DriftDetected", "A run corrected more drift than expected. Likely causes: webhooks missed or"
                        + " failing (see UndeliveredWebhookEvents and the application's webhook endpoint), edits made"
                        + " in the Stripe Dashboard that the application does not receive, direct edits to the"
                        + " billing tables, or a Stripe key for another account or mode (check the report's"
                        + " details: 'show RUN_ID'; 'rollback RUN_ID' restores a run's changes).",
                metrics.sum(ReconcilerMetrics.DRIFT_DETECTED, Duration.hours(1)),
                alarms.driftThreshold(), ComparisonOperator.GREATER_THAN_THRESHOLD, 1,
                TreatMissingData.NOT_BREACHING);
        add(action, "UndeliveredWebhookEvents", "Stripe reports events whose webhook delivery has not succeeded:"
                        + " check the application's webhook endpoint.",
                metrics.metric(ReconcilerMetrics.UNDELIVERED_WEBHOOK_EVENTS, "Maximum", Duration.hours(1)),
                alarms.undeliveredWebhookEventsThreshold(), ComparisonOperator.GREATER_THAN_THRESHOLD, 1,
                TreatMissingData.NOT_BREACHING);
        add(action, "FailedInvocations", "An asynchronous (scheduled) invocation failed for good and was parked in"
                        + " the failure queue. Read the message, fix the cause, re-run by hand, purge the queue.",
                reconciler.failureQueue().metricApproximateNumberOfMessagesVisible(
                        options("Maximum", Duration.minutes(5))),
                0, ComparisonOperator.GREATER_THAN_THRESHOLD, 1, TreatMissingData.NOT_BREACHING);

        Alarm noSuccess7d = Alarm.Builder.create(this, "NoSuccessIn7Days")
                .alarmName(name("NoSuccessIn7Days"))
                .alarmDescription("Building block of NoSuccessfulRunIn8Days (no action of its own): no"
                        + " RunSucceeded in the last 7 days, the longest window CloudWatch allows.")
                .metric(metrics.sum(ReconcilerMetrics.RUN_SUCCEEDED, Duration.days(1)))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .evaluationPeriods(7)
                .datapointsToAlarm(7)
                .treatMissingData(TreatMissingData.BREACHING)
                .build();
        Alarm noInvocation1d = Alarm.Builder.create(this, "NoInvocationIn1Day")
                .alarmName(name("NoInvocationIn1Day"))
                .alarmDescription("Building block of NoSuccessfulRunIn8Days (no action of its own): the function"
                        + " has not been invoked for a day, so no run is in progress or just finished.")
                .metric(fn.metricInvocations(options("Sum", Duration.days(1))))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.BREACHING)
                .build();
        metricAlarms.add(noSuccess7d);
        metricAlarms.add(noInvocation1d);
        this.noSuccessfulRun = CompositeAlarm.Builder.create(this, "NoSuccessfulRunIn8Days")
                .compositeAlarmName(name("NoSuccessfulRunIn8Days"))
                .alarmDescription("No successful reconciliation run in 8 days (7 days without RunSucceeded and no"
                        + " invocation in the last day): the billing copy is no longer being corrected. Check the"
                        + " schedule, the failure queue and the last run's report, then run it by hand.")
                .alarmRule(AlarmRule.allOf(
                        AlarmRule.fromAlarm(noSuccess7d, AlarmState.ALARM),
                        AlarmRule.fromAlarm(noInvocation1d, AlarmState.ALARM)))
                .build();
        noSuccessfulRun.addAlarmAction(action);
    }

    /**
     * Free storage of a created database below 1 GiB. Storage autoscaling grows the volume when 10% or less is
     * free, so reaching this means it is at {@code databaseMaxAllocatedStorageGib} or cannot grow (RDS waits 6 h
     * between increases); a full database fails every write of a run.
     */
    public void addFreeStorageAlarm(software.amazon.awscdk.services.rds.DatabaseInstance instance) {
        add(new SnsAction(topic), "DatabaseFreeStorage", "The reconciler's database has less than 1 GiB of free"
                        + " storage although storage autoscaling is on: raise databaseMaxAllocatedStorageGib, or"
                        + " look for what is growing (reconciliation_changes keeps every run's changes).",
                instance.metricFreeStorageSpace(options("Minimum", Duration.minutes(5))),
                1024d * 1024 * 1024, ComparisonOperator.LESS_THAN_THRESHOLD, 3, TreatMissingData.NOT_BREACHING);
    }

    private ITopic topic(AlarmConfig alarms) {
        ITopic result;
        if (alarms.existingTopicArn().isPresent()) {
            result = Topic.fromTopicArn(this, "Topic", alarms.existingTopicArn().get());
        } else {
            Topic created = Topic.Builder.create(this, "Topic")
                    .displayName("Subscription Reconciler alarms")
                    .enforceSsl(true)
                    .build();
            // enforceSsl replaces the default topic policy, so say explicitly who may publish: CloudWatch alarms of
            // this account.
            Stack stack = Stack.of(this);
            created.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("AllowCloudWatchAlarms")
                    .effect(Effect.ALLOW)
                    .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                    .actions(List.of("sns:Publish"))
                    .resources(List.of(created.getTopicArn()))
                    .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                    .build());
            result = created;
        }
        alarms.email().ifPresent(email -> result.addSubscription(new EmailSubscription(email)));
        return result;
    }

    /** Alarm names start with the stack name so runbooks and e-mails can name them. */
    private String name(String id) {
        return Stack.of(this).getStackName() + "-" + id;
    }

    private static MetricOptions options(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }

    private void add(SnsAction action, String id, String description, IMetric metric, double threshold,
                     ComparisonOperator comparison, int evaluationPeriods, TreatMissingData missing) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(name(id))
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(comparison)
                .evaluationPeriods(evaluationPeriods)
                .treatMissingData(missing)
                .build();
        alarm.addAlarmAction(action);
        metricAlarms.add(alarm);
    }

    public ITopic topic() {
        return topic;
    }

    public List<Alarm> metricAlarms() {
        return List.copyOf(metricAlarms);
    }

    public CompositeAlarm noSuccessfulRun() {
        return noSuccessfulRun;
    }

    Optional<Alarm> alarm(String id) {
        return metricAlarms.stream().filter(a -> a.getNode().getId().equals(id)).findFirst();
    }
}
