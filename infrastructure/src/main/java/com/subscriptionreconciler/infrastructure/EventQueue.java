package com.subscriptionreconciler.infrastructure;


import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The real-time path's queue: Stripe events from every way in wait here for the reconciler. Encrypted, SSL-only,
 * with a dead-letter queue that receives a message after {@code maxReceiveCount} deliveries and alarms as soon as
 * it holds one.
 */
public final class EventQueue extends Construct {

    /**
     * @param visibilityTimeout how long a delivered message stays invisible: a message the consumer returned as
     *                          failed comes back after it
     * @param maxReceiveCount   deliveries before a message moves to the dead-letter queue
     * @param alarmTopic        where the dead-letter alarm notifies
     */
    public record Props(Duration visibilityTimeout, int maxReceiveCount, ITopic alarmTopic) {
    }

    private final Queue queue;
    private final Queue deadLetterQueue;
    private final Alarm deadLetterAlarm;

    public EventQueue(Construct scope, String id, Props props) {
        super(scope, id);
        this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        this.queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(4))
                .visibilityTimeout(props.visibilityTimeout())
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetterQueue)
                        .maxReceiveCount(props.maxReceiveCount()).build())
                .build();

        this.deadLetterAlarm = Alarm.Builder.create(this, "DeadLetterQueueDepth")
                .alarmDescription("Stripe events the reconciler could not apply after every retry are in the"
                        + " real-time dead-letter queue: read them, fix the cause, then redrive them to the queue")
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .statistic("Maximum").period(Duration.minutes(5)).build()))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        deadLetterAlarm.addAlarmAction(new SnsAction(props.alarmTopic()));

        CfnOutput.Builder.create(this, "EventQueueName").value(queue.getQueueName())
                .description("The real-time path's queue (Stripe events for the reconciler)").build();
        CfnOutput.Builder.create(this, "EventQueueUrl").value(queue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "EventDeadLetterQueueUrl").value(deadLetterQueue.getQueueUrl())
                .description("Events that failed every retry; redrive them once the cause is fixed").build();

        NagDecisions.suppress(deadLetterQueue, "AwsSolutions-SQS3", "This queue IS the dead-letter queue of the"
                + " real-time queue (and of the EventBridge rule's target).");
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    public Alarm deadLetterAlarm() {
        return deadLetterAlarm;
    }
}
