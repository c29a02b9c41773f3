package com.subscriptionreconciler.infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.RealTimeConfig;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.events.targets.SqsQueueProps;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The real-time path (see docs/reference.md, The real-time path): Stripe events reach the database in seconds.
 * Built only when a way in is configured ({@link RealTimeConfig#enabled()}), from its parts:
 *
 * <ul>
 *   <li>{@link EventQueue}: one encrypted queue with a dead-letter queue;
 *   <li>{@link EventConsumer}: the reconciler function consumes it in batches;
 *   <li>{@link WebhookReceiver} ({@code -c webhookEndpoint=true}): the public receiver of signed webhooks;
 *   <li>with {@code -c stripeEventSourceName=aws.partner/stripe.com/ed_…}, this construct itself adds the partner
 *       event bus for Stripe's Amazon EventBridge destination and a rule sending {@code customer.*} and
 *       {@code checkout.session.*} events (snapshot or thin) to the queue; and the same, in a child
 *       {@code Account-<label>}, for each account of {@code stripeAccounts} naming its own {@code eventSource};
 *   <li>and a row on the dashboard.
 * </ul>
 *
 * <p><b>Why the parts nest under the id "Default".</b> The queue is this construct's child {@code Default}, the
 * consumer the queue's, the receiver the consumer's. CDK leaves {@code Default} out of every name it derives
 * from a construct's path (logical ids, the event source mapping's id, the Sid of the dead-letter queue's policy
 * statement for the rule), so each resource keeps the name it had when this one construct built them all. A
 * deploy over a stack made before the split therefore replaces nothing: a new queue would drop the events in it,
 * a new function URL would break the webhook endpoint registered in Stripe, and a new signing secret would be
 * empty.
 */
public final class RealTimePath extends Construct {

    /** The id CDK leaves out of derived names; see the class comment. */
    private static final String SAME_NAMES = "Default";

    private final EventQueue queue;
    private final EventConsumer consumer;
    private final Optional<WebhookReceiver> receiver;
    private EventBus eventBus;

    /** Adds the real-time path to the stack when a way in is configured; otherwise adds nothing. */
    public static Optional<RealTimePath> addTo(Construct scope, ReconcilerConfig config, ReconcilerFunction reconciler,
                                               ReconcilerAlarms alarms, ReconcilerDashboard dashboard) {
        if (!config.realTime().enabled()) {
            return Optional.empty();
        }
        return Optional.of(new RealTimePath(scope, "RealTime", config, reconciler.function(), alarms, dashboard));
    }

    private RealTimePath(Construct scope, String id, ReconcilerConfig config, Function reconciler,
                         ReconcilerAlarms alarms, ReconcilerDashboard dashboard) {
        super(scope, id);
        RealTimeConfig realTime = config.realTime();
        ReconcilerMetrics metrics = new ReconcilerMetrics(config.metrics());
        this.queue = new EventQueue(this, SAME_NAMES, new EventQueue.Props(
                visibilityTimeout(config.function().timeoutMinutes()), realTime.maxReceiveCount(), alarms.topic()));
        this.consumer = new EventConsumer(queue, SAME_NAMES, new EventConsumer.Props(reconciler, queue.queue(),
                realTime.batchSize(), realTime.batchWindowSeconds(), realTime.maxConcurrency(),
                realTime.lagAlarmSeconds(), metrics, alarms.topic()));
        this.receiver = realTime.webhookEndpoint()
                ? Optional.of(new WebhookReceiver(consumer, SAME_NAMES, new WebhookReceiver.Props(
                        FunctionBasics.Settings.of(config), config.metrics().serviceName(), queue.queue(),
                        realTime.receiver(), alarms.topic(), config.stripe().accounts())))
                : Optional.empty();
        realTime.eventSourceName().ifPresent(name -> this.eventBus = partnerEventRoute(this, name));
        // each account naming its own source gets its bus in a child named after it, so that the single-source ids
        // above stay as they were
        realTime.accountEventSources().forEach((label, name) -> partnerEventRoute(new Construct(this, "Account-"
                + label), name));
        dashboardRow(dashboard.dashboard(), metrics);
    }

    /**
     * Six times the consumer's timeout, AWS's guidance for a queue that a Lambda function consumes: when the function
     * is throttled, or a batch fails, Lambda retries it within the visibility timeout before the messages become
     * visible again and count another receive. With the function's timeout alone, deliveries Lambda could not
     * process used up {@code eventMaxReceiveCount} and sent real events to the dead-letter queue unprocessed. The
     * cost: an event returned as failed is retried after this long (90 minutes at the default 15-minute timeout).
     */
    static Duration visibilityTimeout(int consumerTimeoutMinutes) {
        return Duration.minutes(6L * consumerTimeoutMinutes);
    }

    /** Stripe's partner event source's bus, and a rule sending its customer and checkout events to the queue. */
    private EventBus partnerEventRoute(Construct scope, String eventSourceName) {
        EventBus bus = EventBus.Builder.create(scope, "StripeEventBus").eventSourceName(eventSourceName).build();
        List<String> types = new ArrayList<>(Match.prefix("customer."));
        types.addAll(Match.prefix("checkout.session."));
        Rule.Builder.create(scope, "StripeEventsToQueue")
                .description("Stripe subscription, customer and checkout events to the reconciler's queue")
                .eventBus(bus)
                .eventPattern(EventPattern.builder().source(List.of(eventSourceName)).detailType(types).build())
                .targets(List.of(new SqsQueue(queue.queue(), SqsQueueProps.builder()
                        .deadLetterQueue(queue.deadLetterQueue())
                        .retryAttempts(185)
                        .maxEventAge(Duration.hours(24))
                        .build())))
                .build();
        CfnOutput.Builder.create(scope, "StripeEventBusName").value(bus.getEventBusName()).build();
        return bus;
    }

    private void dashboardRow(Dashboard dashboard, ReconcilerMetrics metrics) {
        Duration minute = Duration.minutes(1);
        Queue events = queue.queue();
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
                        events.metricApproximateNumberOfMessagesVisible(MetricOptions.builder().statistic("Maximum")
                                .period(minute).label("Queue depth").build()),
                        events.metricApproximateAgeOfOldestMessage(MetricOptions.builder().statistic("Maximum")
                                .period(minute).label("Oldest message (s)").build()),
                        queue.deadLetterQueue().metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                                .statistic("Maximum").period(minute).label("Dead-letter depth").build())), 8));
        receiver.map(WebhookReceiver::function).ifPresent(fn -> dashboard.addWidgets(graph("Webhook receiver",
                List.of(fn.metric("UrlRequestCount", sum(minute, "Requests")),
                        fn.metric("Url4xxCount", sum(minute, "4xx")),
                        fn.metric("Url5xxCount", sum(minute, "5xx")),
                        fn.metricThrottles(sum(minute, "Throttles")),
                        fn.metricErrors(sum(minute, "Errors"))), 24)));
    }

    private static MetricOptions sum(Duration period, String label) {
        return MetricOptions.builder().statistic("Sum").period(period).label(label).build();
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics, int width) {
        return GraphWidget.Builder.create().title(title).left(new ArrayList<>(metrics)).width(width).height(6).build();
    }

    public EventQueue queue() {
        return queue;
    }

    public EventConsumer consumer() {
        return consumer;
    }

    public Optional<WebhookReceiver> receiver() {
        return receiver;
    }

    public Optional<EventBus> eventBus() {
        return Optional.ofNullable(eventBus);
    }

    public List<Alarm> alarms() {
        List<Alarm> all = new ArrayList<>(List.of(queue.deadLetterAlarm(), consumer.lagAlarm()));
        receiver.ifPresent(r -> all.addAll(r.alarms()));
        return List.copyOf(all);
    }
}
