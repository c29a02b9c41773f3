package com.subscriptionreconciler.infrastructure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.FunctionConfig;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.MetricsConfig;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.StripeAccount;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The reconciler Lambda function with everything that belongs to it alone: its security group, execution role
 * (least privilege, no managed policies), log group (retention, JSON format), and the failure queue that receives
 * asynchronous invocations that failed for good.
 *
 * <p><b>Architecture</b>: arm64 (Graviton) by default - the shaded jar is pure Java (the MySQL driver, Stripe
 * client and AWS SDK have no native code), and arm64 is about 20% cheaper per GB-second. Use
 * {@code -c architecture=x86_64} if a native dependency is ever added.
 *
 * <p><b>Retries</b>: asynchronous invocations (the schedule) are retried {@code asyncRetryAttempts} times,
 * default 0. A run is idempotent, so a retry is safe, but a run that failed as a whole failed for a reason a
 * minute's wait rarely fixes (Stripe or the database unreachable, the safety guard, a 15-minute timeout), and
 * each retry spends another full pass of Stripe rate limit next to the live application. The failure is kept in
 * the failure queue, alarms fire, and an operator re-runs it by hand; a missed week is also caught by the
 * no-successful-run alarm. Events are kept for up to 6 hours ({@code maxEventAge}) so that a throttled
 * invocation is delivered once the function can run.
 *
 * <p><b>Concurrency</b>: none reserved unless {@code reservedConcurrency} is set (then with the real-time path's
 * {@code eventMaxConcurrency} on top, see {@link ReconcilerConfig#functionReservedConcurrency()}). One run at a
 * time comes from the database lock (a second run is recorded as aborted) and the state machine's own check;
 * reserving concurrency fails on new accounts, whose quota of 10 is all unreserved.
 *
 * <p><b>Database TLS</b>: always encrypted ({@code DB_SSL_MODE=REQUIRED}); with {@code databaseCaBundlePath}
 * the PEM is shipped as a layer and the function verifies the server's certificate and host name
 * ({@code VERIFY_IDENTITY}, {@code DB_SSL_CA}).
 */
public final class ReconcilerFunction extends Construct {

    public static final String HANDLER = "com.subscriptionreconciler.lambda.ReconcilerHandler::handleRequest";

    private final Function function;
    private final SecurityGroup securityGroup;
    private final Role role;
    private final LogGroup logGroup;
    private final Queue failureQueue;
    private final List<String> secretArns = new ArrayList<>();

    public ReconcilerFunction(Construct scope, String id, ReconcilerConfig config, Network network,
                              DatabaseAccess database) {
        super(scope, id);
        FunctionConfig fn = config.function();
        Stack stack = Stack.of(this);

        this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.vpc())
                .description("Subscription reconciler function: HTTPS out (Stripe, Secrets Manager), MySQL to the"
                        + " database")
                .allowAllOutbound(false)
                .build();
        securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                "HTTPS to api.stripe.com (through NAT) and AWS APIs");
        // One rule pair: ingress on the database's security group from this one, egress from this one to it.
        database.allowFrom(securityGroup);
        network.allowEndpointAccessFrom(securityGroup);

        FunctionBasics basics = FunctionBasics.create(this, "", FunctionBasics.Settings.of(config),
                "Subscription reconciler: its own logs, VPC networking, " + (config.stripe().accounts().isEmpty()
                        ? "two secrets" : "the database's and each Stripe account's secrets"));
        this.logGroup = basics.logGroup();
        this.role = basics.role();

        this.failureQueue = Queue.Builder.create(this, "FailureQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();

        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("VpcNetworkInterfaces")
                .effect(Effect.ALLOW)
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                        "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                        "ec2:UnassignPrivateIpAddresses"))
                .resources(List.of("*"))
                .build());

        secretArns.add(database.secretArn());
        config.stripe().secrets().forEach(secret -> secretArns.add(secretArn(stack, secret)));
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadReconcilerSecrets")
                .effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.copyOf(secretArns))
                .build());
        List<String> keys = new ArrayList<>();
        database.secretKmsKeyArn().ifPresent(keys::add);
        config.stripe().kmsKeyArn().filter(k -> !keys.contains(k)).ifPresent(keys::add);
        if (!keys.isEmpty()) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("DecryptSecretsViaSecretsManager")
                    .effect(Effect.ALLOW)
                    .actions(List.of("kms:Decrypt"))
                    .resources(keys)
                    .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                            "secretsmanager." + stack.getRegion() + ".amazonaws.com")))
                    .build());
        }

        Map<String, String> env = new LinkedHashMap<>();
        if (config.stripe().accounts().isEmpty()) {
            env.put("STRIPE_SECRET_ID", config.stripe().secret());
        } else {
            env.put("STRIPE_ACCOUNTS", stripeAccounts(config.stripe().accounts()));
        }
        env.put("DB_SECRET_ID", database.secretArn());
        env.put("DB_HOST", database.host());
        env.put("DB_PORT", database.port());
        env.put("DB_NAME", database.databaseName());
        config.stripe().apiBase().ifPresent(base -> env.put("STRIPE_API_BASE", base));
        DeployOptions deploy = config.deploy();
        env.put("MIGRATE_ON_START", Boolean.toString(deploy.migrateOnStart()));
        List<ILayerVersion> layers = new ArrayList<>();
        if (deploy.caBundle().isPresent()) {
            layers.add(CaBundleLayer.create(this, "RdsCaBundle", deploy.caBundle().get(), fn.architecture()));
            env.put("DB_SSL_MODE", "VERIFY_IDENTITY");
            env.put("DB_SSL_CA", CaBundleLayer.PATH_IN_FUNCTION);
        } else {
            env.put("DB_SSL_MODE", "REQUIRED");
            Annotations.of(this).addWarningV2("subscription-reconciler:database-ca-bundle",
                    "No -c " + DeployOptions.DATABASE_CA_BUNDLE_PATH + "=<PEM>: the function connects to the"
                            + " database encrypted (DB_SSL_MODE=REQUIRED) but cannot verify its certificate."
                            + " Download the RDS CA bundle (https://truststore.pki.rds.amazonaws.com/global/"
                            + "global-bundle.pem) and point the key at it to verify the server's identity.");
        }
        env.put("STRIPE_MAX_RPS", Integer.toString(fn.stripeMaxRps()));
        env.put("PLAN_TIER_MAP", fn.planTierMap());
        env.put("DEFAULT_PLAN_TIER", fn.defaultPlanTier());
        env.put("MAX_CHANGE_RATIO", fn.maxChangeRatio().toPlainString());
        env.put("MAX_CHANGES_ABSOLUTE", Integer.toString(fn.maxChangesAbsolute()));
        fn.schemaMap().ifPresent(map -> env.put("SCHEMA_MAP", map));
        // the consumer then takes EventBridge events from exactly this source, not from any of Stripe's
        config.realTime().eventSourceName().ifPresent(name -> env.put("STRIPE_EVENT_SOURCE_NAME", name));
        env.put("LOG_LEVEL", fn.logLevel());
        MetricsConfig metrics = config.metrics();
        env.put("POWERTOOLS_SERVICE_NAME", metrics.serviceName());
        env.put("POWERTOOLS_METRICS_NAMESPACE", metrics.namespace());
        env.put("POWERTOOLS_LOG_LEVEL", fn.logLevel());

        Function.Builder builder = basics.function(this, "Function")
                .description("Subscription Reconciler: makes the MySQL billing copy match Stripe")
                .handler(HANDLER)
                .memorySize(fn.memoryMb())
                .timeout(Duration.minutes(fn.timeoutMinutes()))
                .environment(env)
                .vpc(network.vpc())
                .vpcSubnets(network.functionSubnets())
                .securityGroups(List.of(securityGroup))
                .allowPublicSubnet(false)
                .layers(layers)
                .systemLogLevelV2(SystemLogLevel.INFO)
                .tracing(fn.tracing() ? Tracing.ACTIVE : Tracing.DISABLED)
                .retryAttempts(fn.asyncRetryAttempts())
                .maxEventAge(Duration.hours(6))
                .onFailure(new SqsDestination(failureQueue));
        // opt-in: an account whose concurrency quota is 10 (new accounts) cannot reserve any
        config.functionReservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        this.function = builder.build();
    }

    /**
     * The ARN IAM needs for a Stripe key's secret. A complete ARN is used as given. For a name, Secrets Manager ARNs
     * end in a random 6-character suffix, so the only way to name the secret exactly in a policy is the
     * partial ARN plus {@code -??????} (exactly six characters) - the one wildcard this stack allows. Using
     * {@code *} instead would also match other secrets whose names start with the same prefix.
     */
    static String secretArn(Stack stack, String secret) {
        if (secret.startsWith("arn:")) {
            return secret;
        }
        return stack.formatArn(ArnComponents.builder()
                .service("secretsmanager")
                .resource("secret")
                .resourceName(secret + "-??????")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
    }

    /**
     * {@code STRIPE_ACCOUNTS}: label to {@code {"secretId": …}}, {@code "default": true} on the default one, and the
     * account's {@code eventSource}, by which the consumer tells whose an EventBridge event is.
     */
    private static String stripeAccounts(List<StripeAccount> accounts) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (StripeAccount account : accounts) {
            ObjectNode entry = json.putObject(account.label()).put("secretId", account.secret());
            account.apiBase().ifPresent(base -> entry.put("apiBase", base));
            account.eventSource().ifPresent(source -> entry.put("eventSource", source));
            if (account.isDefault()) {
                entry.put("default", true);
            }
        }
        return json.toString();
    }

    public Function function() {
        return function;
    }

    public SecurityGroup securityGroup() {
        return securityGroup;
    }

    public Role role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    public Queue failureQueue() {
        return failureQueue;
    }
}
