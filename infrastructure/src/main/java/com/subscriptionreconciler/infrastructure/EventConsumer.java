package com.subscriptionreconciler.infrastructure;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The reconciler function as the queue's consumer: an SQS event source in batches with
 * {@code ReportBatchItemFailures} (only failed events come back), at most {@code maxConcurrency} batches at once,
 * and an alarm on the p95 of the time from a Stripe event to its database write. (The function's reserved
 * concurrency, when there is one, already counts these batches: {@link ReconcilerConfig#functionReservedConcurrency()}.)
 */
public final class EventConsumer extends Construct {

    /**
     * @param function           the reconciler function
     * @param queue              the queue it consumes
     * @param batchSize          most messages per invocation
     * @param batchWindowSeconds how long the event source gathers a batch
     * @param maxConcurrency     most concurrent batches
     * @param lagAlarmSeconds    the p95 lag that alarms
     * @param metrics            the reconciler's own metrics (EventLagMs)
     * @param alarmTopic         where the lag alarm notifies
     */
    public record Props(Function function, IQueue queue, int batchSize, int batchWindowSeconds, int maxConcurrency,
                        int lagAlarmSeconds, ReconcilerMetrics metrics, ITopic alarmTopic) {
    }

    private final Alarm lagAlarm;

    public EventConsumer(Construct scope, String id, Props props) {
        super(scope, id);
        props.function().addEventSource(SqsEventSource.Builder.create(props.queue())
                .batchSize(props.batchSize())
                .maxBatchingWindow(Duration.seconds(props.batchWindowSeconds()))
                .reportBatchItemFailures(true)
                .maxConcurrency(props.maxConcurrency())
                .build());
        this.lagAlarm = Alarm.Builder.create(this, "EventLagP95")
                .alarmDescription("p95 of the time from a Stripe event to its database write is above "
                        + props.lagAlarmSeconds() + " s: the queue is backing up or Stripe is slow (-c "
                        + ReconcilerConfig.Keys.EVENT_LAG_ALARM_SECONDS + ")")
                .metric(props.metrics().metric("EventLagMs", "p95", Duration.minutes(5)))
                .threshold(props.lagAlarmSeconds() * 1000d)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(3)
                .datapointsToAlarm(2)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        lagAlarm.addAlarmAction(new SnsAction(props.alarmTopic()));
    }

    public Alarm lagAlarm() {
        return lagAlarm;
    }
}
