package com.subscriptionreconciler.infrastructure;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The public webhook receiver ({@code -c webhookEndpoint=true}): a small function behind a function URL with no
 * VPC, no database and no Stripe key, which verifies {@code Stripe-Signature} with the secret in
 * {@code WebhookSigningSecret} (put the endpoint's {@code whsec_…} there) and enqueues a compact message. Its role
 * may write its own logs, read that secret and send to the queue, nothing else.
 */
public final class WebhookReceiver extends Construct {

    static final String HANDLER = "com.subscriptionreconciler.realtime.WebhookReceiverHandler::handleRequest";

    /**
     * @param function    what every function of the stack shares (runtime, jar, architecture, logs)
     * @param serviceName the {@code Service} dimension of its metrics ({@code POWERTOOLS_SERVICE_NAME})
     * @param queue       where verified events go
     */
    public record Props(FunctionBasics.Settings function, String serviceName, IQueue queue) {
    }

    private final Function function;
    private final FunctionUrl url;
    private final Secret signingSecret;

    public WebhookReceiver(Construct scope, String id, Props props) {
        super(scope, id);
        this.signingSecret = Secret.Builder.create(this, "WebhookSigningSecret")
                .description("Stripe webhook signing secret(s) (whsec_…, comma-separated while rolling) for the"
                        + " real-time receiver")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        FunctionBasics basics = FunctionBasics.create(this, "Receiver", props.function(),
                "Stripe webhook receiver: its own logs, the signing secret, send to the event queue");
        signingSecret.grantRead(basics.role());
        props.queue().grantSendMessages(basics.role());

        Map<String, String> env = new LinkedHashMap<>();
        env.put("STRIPE_WEBHOOK_SECRET_ID", signingSecret.getSecretArn());
        env.put("EVENT_QUEUE_URL", props.queue().getQueueUrl());
        env.put("POWERTOOLS_SERVICE_NAME", props.serviceName());
        env.put("LOG_LEVEL", props.function().logLevel());
        // the JVM's tiered compilation stops at C1: a receiver answers in milliseconds and starts faster this way
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        this.function = basics.function(this, "Receiver")
                .description("Subscription Reconciler: verifies Stripe webhooks and enqueues them (no VPC, no DB)")
                .handler(HANDLER)
                .memorySize(512)
                .timeout(Duration.seconds(15))
                .environment(env)
                .build();
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

        NagDecisions.suppress(function, "AwsSolutions-L1", "java21, like the reconciler function: same jar, built and tested for"
                + " Java 21.");
        NagDecisions.suppress(signingSecret, "AwsSolutions-SMG4", "Stripe issues the webhook signing secret; AWS cannot rotate"
                + " it. Roll it in Stripe's Dashboard and store old and new, comma-separated, until the old one"
                + " expires.");
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
