package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;

/** The real-time path with both ways in, synthesized for real, and its absence by default. */
class RealTimePathTest {
    static final String SOURCE = "aws.partner/stripe.com/ed_61SxQpQLkdIwHu7ixSGXLRXkSHZxk2";
    private static Synth synth;

    @BeforeAll
    static void synthesize() {
        Map<String, Object> context = Synth.createContext();
        context.put("stripeEventSourceName", SOURCE);
        context.put("webhookEndpoint", "true");
        context.put("eventBatchSize", "200");
        context.put("eventBatchWindowSeconds", "2");
        synth = Synth.of(context);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> queueWithRedrive() {
        return synth.resources("AWS::SQS::Queue").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> p.containsKey("RedrivePolicy"))
                .findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEventQueueIsEncryptedAndRedrivesPoisonMessagesToItsDeadLetterQueue() {
        Map<String, Object> queue = queueWithRedrive();
        // AWS's guidance for Lambda consumers: at least six times the consumer's timeout (15 minutes here)
        assertThat(queue).containsEntry("SqsManagedSseEnabled", true).containsEntry("VisibilityTimeout", 6 * 15 * 60);
        Map<String, Object> redrive = (Map<String, Object>) queue.get("RedrivePolicy");
        assertThat(redrive).containsEntry("maxReceiveCount", 5);
        String dlqRef = Synth.render(redrive.get("deadLetterTargetArn"));
        assertThat(dlqRef).matches("\\$\\{RealTimeDeadLetterQueue[0-9A-F]+\\.Arn}");
        assertThat(synth.resources("AWS::SQS::QueuePolicy")).isNotEmpty();
    }

    @Test
    void theReconcilerConsumesTheQueueInConfiguredBatchesReportingItemFailures() {
        synth.template().hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 200,
                "MaximumBatchingWindowInSeconds", 2,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 2)));
        // reserved concurrency is opt-in (accounts with a quota of 10 cannot reserve any): none by default
        synth.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", ReconcilerFunction.HANDLER, "ReservedConcurrentExecutions", Match.absent()));
    }

    @Test
    void aReservedFunctionKeepsTheFullRunsSlotAndGivesEventBatchesTheirOwn() {
        Map<String, Object> context = Synth.createContext();
        context.put("webhookEndpoint", "true");
        context.put(DeployOptions.RESERVED_CONCURRENCY, "1");
        Synth reserved = Synth.of(context);
        // one slot for the full run, plus the event source's maximum concurrency (2 by default)
        reserved.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", ReconcilerFunction.HANDLER, "ReservedConcurrentExecutions", 3));
    }

    @Test
    void theVisibilityTimeoutFollowsTheConsumersTimeoutAndFewerThanFiveReceivesAreRefused() {
        Synth shorter = Synth.of(Synth.with(Synth.createContext(), "webhookEndpoint", "true",
                "timeoutMinutes", "10", "eventMaxReceiveCount", "8"));
        shorter.template().hasResourceProperties("AWS::SQS::Queue", Map.of("VisibilityTimeout", 6 * 10 * 60,
                "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 8))));
        assertThatThrownBy(() -> Synth.of(Synth.with(Synth.createContext(), "eventMaxReceiveCount", "4")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'eventMaxReceiveCount' must be between 5 and 1000");
    }

    @Test
    void theReceiverHasASmallReservedConcurrencyByDefault() {
        assertThat(receiverProps(synth)).containsEntry("ReservedConcurrentExecutions", 10);
    }

    @Test
    void theReceiversReservedConcurrencyIsConfigurableAndZeroReservesNothing() {
        Synth twenty = Synth.of(Synth.with(Synth.createContext(), "webhookEndpoint", "true",
                "webhookReceiverReservedConcurrency", "20"));
        assertThat(receiverProps(twenty)).containsEntry("ReservedConcurrentExecutions", 20);
        Synth none = Synth.of(Synth.with(Synth.createContext(), "webhookEndpoint", "true",
                "webhookReceiverReservedConcurrency", "0"));
        assertThat(receiverProps(none)).doesNotContainKey("ReservedConcurrentExecutions");
    }

    @Test
    void theReceiverAlarmsOnThrottlesErrorsAnd4xxAnd5xxRatesToTheOneTopic() {
        String topic = synth.logicalId("AWS::SNS::Topic");
        for (String metric : List.of("Throttles", "Errors")) {
            synth.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "Namespace", "AWS/Lambda", "MetricName", metric, "Threshold", 0,
                    "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", receiverId()))),
                    "AlarmActions", List.of(Map.of("Ref", topic))));
        }
        String alarms = synth.resources("AWS::CloudWatch::Alarm").toString();
        for (String rate : List.of("Url4xxCount", "Url5xxCount")) {
            synth.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "AlarmActions", List.of(Map.of("Ref", topic)),
                    "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("MetricStat", Match.objectLike(
                            Map.of("Metric", Match.objectLike(Map.of("MetricName", rate,
                                    "Namespace", "AWS/Lambda"))))))))));
        }
        assertThat(alarms).contains("UrlRequestCount");
        synth.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Threshold", 10, "AlarmActions", List.of(Map.of("Ref", topic)),
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Expression",
                        Match.stringLikeRegexp(".*4xx.*")))))));
    }

    @Test
    void receiverAlarmThresholdsFollowTheContext() {
        Synth custom = Synth.of(Synth.with(Synth.createContext(), "webhookEndpoint", "true",
                "webhookReceiver4xxAlarmPercent", "25", "webhookReceiver5xxAlarmPercent", "3"));
        custom.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 25,
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Expression",
                        Match.stringLikeRegexp(".*4xx.*")))))));
        custom.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 3,
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Expression",
                        Match.stringLikeRegexp(".*5xx.*")))))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> receiverProps(Synth s) {
        return s.resources("AWS::Lambda::Function").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> WebhookReceiver.HANDLER.equals(p.get("Handler")))
                .findFirst().orElseThrow();
    }

    private static String receiverId() {
        return synth.resources("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> String.valueOf(e.getValue().get("Properties")).contains(WebhookReceiver.HANDLER))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theResourcesKeepTheLogicalIdsOfEarlierVersionsSoAnUpgradeReplacesNothing() {
        // as the stack named them before the path was split into parts: a changed id replaces the resource on
        // deploy (a new queue drops its events, a new function URL breaks Stripe's endpoint, a new secret is empty)
        Map<String, Object> resources = (Map<String, Object>) synth.template().toJSON().get("Resources");
        assertThat(resources).containsKeys("RealTimeQueueE347215B", "RealTimeDeadLetterQueue94CF37BA",
                "RealTimeReceiverC1F201E6", "RealTimeReceiverFunctionUrlB18B4E25",
                "RealTimeWebhookSigningSecretDDECFE7C", "RealTimeReceiverRole5F3569B7",
                "RealTimeReceiverLogGroup516D3D74", "RealTimeStripeEventBus9E01B726",
                "RealTimeStripeEventsToQueueBC7E59D2", "RealTimeDeadLetterQueueDepth4D8BF486",
                "RealTimeEventLagP95A8A06631",
                "ReconcilerFunctionSqsEventSourceSubscriptionReconcilerRealTimeQueue62A8A57360944EE7");
        assertThat(resources.toString()).contains("AllowEventRuleSubscriptionReconcilerRealTimeStripeEventsToQueueE192DB41");
    }

    @Test
    void theConsumerTakesEventsOnlyFromTheConfiguredPartnerSource() {
        @SuppressWarnings("unchecked")
        Map<String, Object> reconciler = synth.resources("AWS::Lambda::Function").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> ReconcilerFunction.HANDLER.equals(p.get("Handler")))
                .findFirst().orElseThrow();
        assertThat(String.valueOf(reconciler.get("Environment"))).contains("STRIPE_EVENT_SOURCE_NAME=" + SOURCE);
        assertThat(Synth.of(Synth.createContext()).environment()).doesNotContainKey("STRIPE_EVENT_SOURCE_NAME");
    }

    @Test
    void thePartnerBusSendsSubscriptionCustomerAndCheckoutEventsToTheQueue() {
        synth.template().hasResourceProperties("AWS::Events::EventBus", Map.of("EventSourceName", SOURCE, "Name", SOURCE));
        synth.template().hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                "source", List.of(SOURCE),
                "detail-type", List.of(Map.of("prefix", "customer."), Map.of("prefix", "checkout.session.")))));
        synth.template().hasResourceProperties("AWS::Events::Rule", Map.of("Targets", List.of(Match.objectLike(Map.of(
                "DeadLetterConfig", Match.anyValue())))));
    }

    @Test
    void theReceiverIsPublicButHasNoVpcNoDatabaseAndNoStripeKey() {
        Map<String, Object> receiver = synth.resources("AWS::Lambda::Function").values().stream()
                .map(r -> props(r))
                .filter(p -> WebhookReceiver.HANDLER.equals(p.get("Handler")))
                .findFirst().orElseThrow();
        assertThat(receiver).doesNotContainKey("VpcConfig");
        String env = String.valueOf(receiver.get("Environment"));
        assertThat(env).contains("STRIPE_WEBHOOK_SECRET_ID", "EVENT_QUEUE_URL")
                .doesNotContain("STRIPE_SECRET_ID", "DB_SECRET_ID", "DB_HOST");
        synth.template().hasResourceProperties("AWS::Lambda::Url", Map.of("AuthType", "NONE"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @Test
    void outputsNameTheQueueAndTheReceiverUrl() {
        Map<String, Map<String, Object>> outputs = synth.template().findOutputs("*");
        assertThat(outputs.keySet()).anyMatch(k -> k.startsWith("RealTimeEventQueueName"))
                .anyMatch(k -> k.startsWith("RealTimeWebhookReceiverUrl"))
                .anyMatch(k -> k.startsWith("RealTimeWebhookSigningSecretArn"))
                .anyMatch(k -> k.startsWith("RealTimeStripeEventBusName"));
    }

    @Test
    void alarmsOnDeadLetterDepthAndLagP95() {
        synth.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0,
                "ComparisonOperator", "GreaterThanThreshold", "AlarmActions", Match.anyValue()));
        synth.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "EventLagMs", "ExtendedStatistic", "p95", "Threshold", 60_000,
                "Namespace", "SubscriptionReconciler"));
        String dashboard = Synth.render(synth.props("AWS::CloudWatch::Dashboard").get("DashboardBody"));
        assertThat(dashboard).contains("Real-time path", "EventLagMs", "EventsReceived");
    }

    @Test
    void cdkNagIsCleanWithTheRealTimePath() {
        assertThat(synth.nagErrors()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
        assertThat(synth.nagWarnings()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    @Test
    void nothingIsAddedWithoutAWayIn() {
        Synth plain = Synth.of(Synth.createContext());
        assertThat(plain.resources("AWS::Lambda::EventSourceMapping")).isEmpty();
        assertThat(plain.resources("AWS::Events::EventBus")).isEmpty();
        plain.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", ReconcilerFunction.HANDLER, "ReservedConcurrentExecutions", Match.absent()));
    }

    @Test
    void aSourceThatIsNotStripesIsAConfigurationError() {
        Map<String, Object> context = Synth.createContext();
        context.put("stripeEventSourceName", "aws.partner/example.com/x");
        assertThatThrownBy(() -> Synth.of(context)).hasMessageContaining("aws.partner/stripe.com/");
    }
}
