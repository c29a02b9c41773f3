package com.subscriptionreconciler.infrastructure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.Keys;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.ReceiverConfig;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.StripeAccount;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The public webhook receiver ({@code -c webhookEndpoint=true}): a small function behind a function URL with no
 * VPC, no database and no Stripe key, which verifies {@code Stripe-Signature} with the secret in
 * {@code WebhookSigningSecret} (put the endpoint's {@code whsec_…} there) and enqueues a compact message. Its role
 * may write its own logs, read that secret and send to the queue, nothing else.
 *
 * <p><b>A flood cannot spread.</b> Anyone can call the URL. The receiver's reserved concurrency (default 10) is
 * also its ceiling: a flood of anonymous requests is throttled at that many concurrent executions (callers get
 * 429; Stripe retries its deliveries for up to three days) instead of taking the account's unreserved concurrency
 * from the reconciler, its event batches, the weekly run and every other function. Reserving takes those
 * executions out of the account's unreserved pool, and Lambda refuses any reservation that would leave that pool
 * below its minimum (100 on an account with the default quota of 1,000, the whole quota on a new account with 10),
 * so the reservation itself can never starve another function: on a new account the deploy fails instead, and
 * {@code -c webhookReceiverReservedConcurrency=0} (no reservation, no ceiling) or a quota increase is the choice.
 *
 * <p><b>Alarms</b> (all to the stack's topic): any throttle (a flood, or more webhooks than the ceiling serves),
 * any function error, a share of 4xx answers above {@code webhookReceiver4xxAlarmPercent} for 15 minutes (a
 * flood of unsigned requests, or a signing secret that no longer matches Stripe's, which rejects every real
 * event), and a share of 5xx answers above {@code webhookReceiver5xxAlarmPercent} (the queue refused, or the
 * secret is not set: Stripe retries, but nothing arrives meanwhile).
 */
public final class WebhookReceiver extends Construct {

    static final String HANDLER = "com.subscriptionreconciler.lambda.WebhookReceiverHandler::handleRequest";

    /**
     * @param function    what every function of the stack shares (runtime, jar, architecture, logs)
     * @param serviceName the {@code Service} dimension of its metrics ({@code POWERTOOLS_SERVICE_NAME})
     * @param queue       where verified events go
     * @param limits      reserved concurrency and alarm thresholds
     * @param alarmTopic  where its alarms notify
     * @param accounts    the accounts of {@code stripeAccounts} (empty for one account); those naming a
     *                    {@code webhookSecret} get their own endpoint {@code /<label>}, verified with that secret
     */
    public record Props(FunctionBasics.Settings function, String serviceName, IQueue queue, ReceiverConfig limits,
                        ITopic alarmTopic, List<StripeAccount> accounts) {

        /** Whether any account names its own webhook signing secret. */
        boolean routesAccounts() {
            return accounts.stream().anyMatch(a -> a.webhookSecret().isPresent());
        }

        /** Whether the default account names its own signing secret, which then replaces the generated one. */
        boolean defaultNamesItsSecret() {
            return accounts.stream().anyMatch(a -> a.isDefault() && a.webhookSecret().isPresent());
        }
    }

    private final Function function;
    private final FunctionUrl url;
    private final Secret signingSecret;
    private final List<Alarm> alarms = new ArrayList<>();

    public WebhookReceiver(Construct scope, String id, Props props) {
        super(scope, id);
        this.signingSecret = Secret.Builder.create(this, "WebhookSigningSecret")
                .description("Stripe webhook signing secret(s) (whsec_…, comma-separated while rolling) for the"
                        + " real-time receiver")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        FunctionBasics basics = FunctionBasics.create(this, "Receiver", props.function(),
                "Stripe webhook receiver: its own logs, the signing secret, send to the event queue");
        props.queue().grantSendMessages(basics.role());

        Map<String, String> env = new LinkedHashMap<>();
        // the function refuses STRIPE_WEBHOOK_SECRET_ID beside the default account's own webhookSecretId
        if (!props.defaultNamesItsSecret()) {
            signingSecret.grantRead(basics.role());
            env.put("STRIPE_WEBHOOK_SECRET_ID", signingSecret.getSecretArn());
        }
        if (props.routesAccounts()) {
            env.put("STRIPE_ACCOUNTS", receiverAccounts(props.accounts()));
            Stack stack = Stack.of(this);
            basics.role().addToPolicy(PolicyStatement.Builder.create()
                    .sid("ReadAccountsWebhookSecrets")
                    .effect(Effect.ALLOW)
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(props.accounts().stream().flatMap(a -> a.webhookSecret().stream())
                            .map(secret -> ReconcilerFunction.secretArn(stack, secret)).toList())
                    .build());
        }
        env.put("EVENT_QUEUE_URL", props.queue().getQueueUrl());
        env.put("POWERTOOLS_SERVICE_NAME", props.serviceName());
        env.put("LOG_LEVEL", props.function().logLevel());
        // the JVM's tiered compilation stops at C1: a receiver answers in milliseconds and starts faster this way
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        Function.Builder builder = basics.function(this, "Receiver")
                .description("Subscription Reconciler: verifies Stripe webhooks and enqueues them (no VPC, no DB)")
                .handler(HANDLER)
                .memorySize(512)
                .timeout(Duration.seconds(15))
                .environment(env);
        props.limits().reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        this.function = builder.build();
        this.url = function.addFunctionUrl(FunctionUrlOptions.builder()
                // Stripe cannot sign AWS requests: the Stripe-Signature check in the function is the authentication
                .authType(FunctionUrlAuthType.NONE)
                .build());

        CfnOutput.Builder.create(this, "WebhookReceiverUrl").value(url.getUrl())
                .description("Add this URL as a webhook endpoint in Stripe (events: customer.*,"
                        + " checkout.session.*), then put its signing secret in WebhookSigningSecretArn").build();
        CfnOutput.Builder.create(this, "WebhookSigningSecretArn").value(signingSecret.getSecretArn())
                .description("aws secretsmanager put-secret-value --secret-id <this> --secret-string whsec_…")
                .build();

        alarms(props.limits(), new SnsAction(props.alarmTopic()));

        NagDecisions.suppress(function, "AwsSolutions-L1", "java21, like the reconciler function: same jar, built and tested for"
                + " Java 21.");
        NagDecisions.suppress(signingSecret, "AwsSolutions-SMG4", "Stripe issues the webhook signing secret; AWS cannot rotate"
                + " it. Roll it in Stripe's Dashboard and store old and new, comma-separated, until the old one"
                + " expires.");
    }

    /**
     * The receiver's {@code STRIPE_ACCOUNTS}: the labels, the default and each account's {@code webhookSecretId},
     * nothing else; it never reads a Stripe key, so it is neither told where they are nor allowed to read them.
     */
    private static String receiverAccounts(List<StripeAccount> accounts) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (StripeAccount account : accounts) {
            ObjectNode entry = json.putObject(account.label());
            if (account.isDefault()) {
                entry.put("default", true);
            }
            account.webhookSecret().ifPresent(secret -> entry.put("webhookSecretId", secret));
        }
        return json.toString();
    }

    private void alarms(ReceiverConfig limits, SnsAction notify) {
        Duration fiveMinutes = Duration.minutes(5);
        alarm("ReceiverThrottles", "The webhook receiver was throttled at its reserved concurrency: a flood of"
                        + " requests, or more webhooks than it serves (Stripe retries; raise -c "
                        + Keys.RECEIVER_RESERVED_CONCURRENCY + " if the traffic is Stripe's)",
                function.metricThrottles(sum(fiveMinutes)), 0, 1, notify);
        alarm("ReceiverErrors", "The webhook receiver failed (crashed or timed out); see its log group",
                function.metricErrors(sum(fiveMinutes)), 0, 1, notify);
        alarm("Receiver4xxRate", "More than " + limits.alarm4xxPercent() + "% of the webhook receiver's answers"
                        + " were 4xx for 15 minutes: a flood of unsigned requests, or a signing secret that no longer"
                        + " matches the endpoint's in Stripe (every real event is then rejected; check"
                        + " WebhookSigningSecret)",
                urlRate("url4xx", "Url4xxCount", fiveMinutes), limits.alarm4xxPercent(), 3, notify);
        alarm("Receiver5xxRate", "More than " + limits.alarm5xxPercent() + "% of the webhook receiver's answers"
                        + " were 5xx: the queue refused messages or the signing secret is not set (Stripe retries,"
                        + " but nothing arrives meanwhile)",
                urlRate("url5xx", "Url5xxCount", fiveMinutes), limits.alarm5xxPercent(), 1, notify);
    }

    /** Percent of the function URL's requests counted by {@code countMetric}; no requests, no data. */
    private MathExpression urlRate(String id, String countMetric, Duration period) {
        // insertion-ordered, so every synth renders the same template (no spurious diffs)
        Map<String, IMetric> metrics = new LinkedHashMap<>();
        metrics.put(id, function.metric(countMetric, sum(period)));
        metrics.put("requests", function.metric("UrlRequestCount", sum(period)));
        return MathExpression.Builder.create()
                .expression("100 * FILL(" + id + ", 0) / requests")
                .usingMetrics(metrics)
                .label(countMetric + " %")
                .period(period)
                .build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods,
                       SnsAction notify) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(notify);
        alarms.add(alarm);
    }

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().statistic("Sum").period(period).build();
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    public Function function() {
        return function;
    }

    public FunctionUrl url() {
        return url;
    }

    public Secret signingSecret() {
        return signingSecret;
    }
}
