package com.subscriptionreconciler.infrastructure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.events.targets.SqsQueueProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The real-time path (see docs/reference.md, The real-time path): Stripe events reach the database in seconds.
 * Created only when a way in is configured:
 *
 * <ul>
 *   <li>{@code -c stripeEventSourceName=aws.partner/stripe.com/ed_…}: the partner event bus for Stripe's Amazon
 *       EventBridge destination, and a rule sending {@code customer.*} and {@code checkout.session.*} events
 *       (snapshot or thin) to the queue;
 *   <li>{@code -c webhookEndpoint=true}: the public webhook receiver, a small function behind a function URL with no
 *       VPC, no database and no Stripe key, which verifies {@code Stripe-Signature} with the secret in
 *       {@code WebhookSigningSecret} (put the endpoint's {@code whsec_…} there) and enqueues a compact message.
 * </ul>
 *
 * <p>One encrypted queue with a dead-letter queue feeds the reconciler function in batches ({@code eventBatchSize},
 * {@code eventBatchWindowSeconds}), with {@code ReportBatchItemFailures} so only failed events come back. Event
 * runs do not take the run lock, so the function's reserved concurrency grows by the event source's
 * {@code eventMaxConcurrency}: a full run and event batches never throttle each other.
 */
public final class RealTimePath extends Construct {
    static final String EVENT_SOURCE_NAME = "stripeEventSourceName";
    static final String WEBHOOK_ENDPOINT = "webhookEndpoint";
    static final String BATCH_SIZE = "eventBatchSize";
    static final String BATCH_WINDOW_SECONDS = "eventBatchWindowSeconds";
    static final String MAX_CONCURRENCY = "eventMaxConcurrency";
    static final String MAX_RECEIVE_COUNT = "eventMaxReceiveCount";
    static final String LAG_ALARM_SECONDS = "eventLagAlarmSeconds";
    static final String RECEIVER_HANDLER =
            "com.subscriptionreconciler.lambda.WebhookReceiverHandler::handleRequest";

    private final Queue queue;
    private final Queue deadLetterQueue;
    private final List<Alarm> alarms = new ArrayList<>();
    private EventBus eventBus;
    private Function receiver;
    private FunctionUrl receiverUrl;
    private Secret signingSecret;

    /**
     * Adds the real-time path to the stack when {@code stripeEventSourceName} or {@code webhookEndpoint=true} is in
     * context; otherwise adds nothing.
     */
    public static Optional<RealTimePath> addTo(Construct scope, ReconcilerConfig config, ReconcilerFunction reconciler,
                                               ReconcilerAlarms alarms, ReconcilerDashboard dashboard) {
        ContextReader context = new ContextReader(key -> scope.getNode().tryGetContext(key));
        Optional<String> source = context.optionalString(EVENT_SOURCE_NAME);
        boolean webhooks = context.bool(WEBHOOK_ENDPOINT, false);
        if (source.isEmpty() && !webhooks) {
            return Optional.empty();
        }
        if (source.isPresent() && !source.get().startsWith("aws.partner/stripe.com/")) {
            throw new ConfigurationException(EVENT_SOURCE_NAME + " must be the name of Stripe's partner event source,"
                    + " aws.partner/stripe.com/…: Stripe shows it on the event destination, AWS under Partner event sources");
        }
        return Optional.of(new RealTimePath(scope, "RealTime", config, context, source, webhooks, reconciler,
                alarms, dashboard));
    }

    private RealTimePath(Construct scope, String id, ReconcilerConfig config, ContextReader context,
                         Optional<String> eventSourceName, boolean webhooks, ReconcilerFunction reconciler,
                         ReconcilerAlarms reconcilerAlarms, ReconcilerDashboard dashboard) {
        super(scope, id);
        int timeoutMinutes = config.function().timeoutMinutes();
        int batchSize = context.integer(BATCH_SIZE, 100, 1, 10_000);
        int windowSeconds = context.integer(BATCH_WINDOW_SECONDS, 1, 0, 300);
        int maxConcurrency = context.integer(MAX_CONCURRENCY, 2, 2, 1000);
        int maxReceiveCount = context.integer(MAX_RECEIVE_COUNT, 5, 1, 1000);
        int lagAlarmSeconds = context.integer(LAG_ALARM_SECONDS, 60, 1, 86_400);
        if (batchSize > 10 && windowSeconds == 0) {
            throw new ConfigurationException(BATCH_SIZE + " above 10 needs " + BATCH_WINDOW_SECONDS + " of at least 1"
                    + " (an SQS event source rule)");
        }

        this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        this.queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(4))
                // Lambda requires at least the function's timeout; a failed event is retried after it
                .visibilityTimeout(Duration.minutes(timeoutMinutes + 1))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetterQueue).maxReceiveCount(maxReceiveCount)
                        .build())
                .build();

        reconciler.function().addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(batchSize)
                .maxBatchingWindow(Duration.seconds(windowSeconds))
                .reportBatchItemFailures(true)
                .maxConcurrency(maxConcurrency)
                .build());
        CfnFunction function = (CfnFunction) reconciler.function().getNode().getDefaultChild();
        Object reserved = function.getReservedConcurrentExecutions();
        if (reserved instanceof Number current) {
            function.setReservedConcurrentExecutions(current.intValue() + maxConcurrency);
        }

        eventSourceName.ifPresent(name -> {
            this.eventBus = EventBus.Builder.create(this, "StripeEventBus").eventSourceName(name).build();
            List<String> types = new ArrayList<>(Match.prefix("customer."));
            types.addAll(Match.prefix("checkout.session."));
            Rule.Builder.create(this, "StripeEventsToQueue")
                    .description("Stripe subscription, customer and checkout events to the reconciler's queue")
                    .eventBus(eventBus)
                    .eventPattern(EventPattern.builder().source(List.of(name)).detailType(types).build())
                    .targets(List.of(new SqsQueue(queue, SqsQueueProps.builder()
                            .deadLetterQueue(deadLetterQueue)
                            .retryAttempts(185)
                            .maxEventAge(Duration.hours(24))
                            .build())))
                    .build();
        });
        if (webhooks) {
            receiver(config);
        }
        alarmsAndDashboard(config, reconcilerAlarms, dashboard.dashboard(), lagAlarmSeconds);
        outputs();
        nagDecisions();
    }

    private void receiver(ReconcilerConfig config) {
        this.signingSecret = Secret.Builder.create(this, "WebhookSigningSecret")
                .description("Stripe webhook signing secret(s) (whsec_…, comma-separated while rolling) for the"
                        + " real-time receiver")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        LogGroup logGroup = LogGroup.Builder.create(this, "ReceiverLogGroup")
                .retention(ReconcilerFunction.retention(config.function().logRetentionDays()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Role role = Role.Builder.create(this, "ReceiverRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Stripe webhook receiver: its own logs, the signing secret, send to the event queue")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnLogs")
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        signingSecret.grantRead(role);
        queue.grantSendMessages(role);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("STRIPE_WEBHOOK_SECRET_ID", signingSecret.getSecretArn());
        env.put("EVENT_QUEUE_URL", queue.getQueueUrl());
        env.put("POWERTOOLS_SERVICE_NAME", config.metrics().serviceName());
        env.put("LOG_LEVEL", config.function().logLevel());
        // the JVM's tiered compilation stops at C1: a receiver answers in milliseconds and starts faster this way
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        this.receiver = Function.Builder.create(this, "Receiver")
                .description("Subscription Reconciler: verifies Stripe webhooks and enqueues them (no VPC, no DB)")
                .runtime(Runtime.JAVA_21)
                .handler(RECEIVER_HANDLER)
                .code(Code.fromAsset(config.lambdaArtifact().toString()))
                .architecture(config.function().architecture() == ReconcilerConfig.Arch.ARM_64
                        ? Architecture.ARM_64 : Architecture.X86_64)
                .memorySize(512)
                .timeout(Duration.seconds(15))
                .environment(env)
                .role(role)
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.valueOf(config.function().logLevel()))
                .build();
        this.receiverUrl = receiver.addFunctionUrl(FunctionUrlOptions.builder()
                // Stripe cannot sign AWS requests: the Stripe-Signature check in the function is the authentication
                .authType(FunctionUrlAuthType.NONE)
                .build());
    }

    private void alarmsAndDashboard(ReconcilerConfig config, ReconcilerAlarms reconcilerAlarms, Dashboard dashboard,
                                    int lagAlarmSeconds) {
        ReconcilerMetrics metrics = new ReconcilerMetrics(config.metrics());
        Duration fiveMinutes = Duration.minutes(5);
        SnsAction notify = new SnsAction(reconcilerAlarms.topic());
        Alarm dlq = Alarm.Builder.create(this, "DeadLetterQueueDepth")
                .alarmDescription("Stripe events the reconciler could not apply after every retry are in the"
                        + " real-time dead-letter queue: read them, fix the cause, then redrive them to the queue")
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .statistic("Maximum").period(fiveMinutes).build()))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        Alarm lag = Alarm.Builder.create(this, "EventLagP95")
                .alarmDescription("p95 of the time from a Stripe event to its database write is above "
                        + lagAlarmSeconds + " s: the queue is backing up or Stripe is slow (-c " + LAG_ALARM_SECONDS + ")")
                .metric(metrics.metric("EventLagMs", "p95", fiveMinutes))
                .threshold(lagAlarmSeconds * 1000d)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(3)
                .datapointsToAlarm(2)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        for (Alarm alarm : List.of(dlq, lag)) {
            alarm.addAlarmAction(notify);
            alarms.add(alarm);
        }

        Duration minute = Duration.minutes(1);
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("## Real-time path\nStripe events (EventBridge or signed webhooks) -> queue -> one targeted"
                        + " run per batch (trigger `event`).")
                .width(24).height(1).build());
        dashboard.addWidgets(
                graph("Events", List.of(metrics.sum("EventsReceived", minute), metrics.sum("EventsApplied", minute),
                        metrics.sum("EventsSkipped", minute), metrics.sum("EventsUnhandled", minute),
                        metrics.sum("EventsFailed", minute)), 8),
                graph("Event -> database lag (ms)", List.of(metrics.metric("EventLagMs", "p50", minute),
                        metrics.metric("EventLagMs", "p95", minute), metrics.metric("EventLagMs", "Maximum", minute)), 8),
                graph("Queues", List.of(
                        queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder().statistic("Maximum")
                                .period(minute).label("Queue depth").build()),
                        queue.metricApproximateAgeOfOldestMessage(MetricOptions.builder().statistic("Maximum")
                                .period(minute).label("Oldest message (s)").build()),
                        deadLetterQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                                .statistic("Maximum").period(minute).label("Dead-letter depth").build())), 8));
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics, int width) {
        return GraphWidget.Builder.create().title(title).left(new ArrayList<>(metrics)).width(width).height(6).build();
    }

    private void outputs() {
        CfnOutput.Builder.create(this, "EventQueueName").value(queue.getQueueName())
                .description("The real-time path's queue (Stripe events for the reconciler)").build();
        CfnOutput.Builder.create(this, "EventQueueUrl").value(queue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "EventDeadLetterQueueUrl").value(deadLetterQueue.getQueueUrl())
                .description("Events that failed every retry; redrive them once the cause is fixed").build();
        if (eventBus != null) {
            CfnOutput.Builder.create(this, "StripeEventBusName").value(eventBus.getEventBusName()).build();
        }
        if (receiverUrl != null) {
            CfnOutput.Builder.create(this, "WebhookReceiverUrl").value(receiverUrl.getUrl())
                    .description("Add this URL as a webhook endpoint in Stripe (events: customer.*,"
                            + " checkout.session.*), then put its signing secret in WebhookSigningSecretArn").build();
            CfnOutput.Builder.create(this, "WebhookSigningSecretArn").value(signingSecret.getSecretArn())
                    .description("aws secretsmanager put-secret-value --secret-id <this> --secret-string whsec_…")
                    .build();
        }
    }

    private void nagDecisions() {
        suppress(deadLetterQueue, "AwsSolutions-SQS3",
                "This queue IS the dead-letter queue of the real-time queue (and of the EventBridge rule's target).");
        if (receiver != null) {
            suppress(receiver, "AwsSolutions-L1",
                    "java21, like the reconciler function: same jar, built and tested for Java 21.");
            suppress(signingSecret, "AwsSolutions-SMG4",
                    "Stripe issues the webhook signing secret; AWS cannot rotate it. Roll it in Stripe's Dashboard"
                            + " and store old and new, comma-separated, until the old one expires.");
        }
    }

    private static void suppress(IConstruct construct, String id, String reason) {
        NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder().id(id).reason(reason)
                .build()), true);
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    public Optional<Function> receiver() {
        return Optional.ofNullable(receiver);
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}
