package com.subscriptionreconciler.infrastructure;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything a deployment of the reconciler can vary, read from CDK context ({@code cdk.json} and
 * {@code -c key=value}). The context keys, their meaning and defaults are listed in {@link Keys} and in
 * {@code infrastructure/README.md}; {@link #fromContext} reads and validates them all, the real-time path's
 * included, before any construct is created, so a wrong configuration fails synthesis with one message naming every
 * wrong or missing key instead of one key per synth round, or failing at deploy time or, worse, at the first
 * weekly run.
 */
public record ReconcilerConfig(
        String stackName,
        Optional<String> account,
        Optional<String> region,
        Path lambdaArtifact,
        NetworkConfig network,
        DatabaseConfig database,
        StripeConfig stripe,
        FunctionConfig function,
        MetricsConfig metrics,
        ScheduleConfig schedule,
        AlarmConfig alarms,
        DeployOptions deploy,
        RealTimeConfig realTime) {

    /** Context keys. */
    public static final class Keys {
        public static final String STACK_NAME = "stackName";
        public static final String ACCOUNT = "account";
        public static final String REGION = "region";
        public static final String LAMBDA_JAR_PATH = "lambdaJarPath";

        public static final String VPC_MODE = "vpcMode";
        public static final String VPC_CIDR = "vpcCidr";
        public static final String VPC_MAX_AZS = "vpcMaxAzs";
        public static final String VPC_NAT_GATEWAYS = "vpcNatGateways";
        public static final String VPC_ID = "vpcId";
        public static final String VPC_AVAILABILITY_ZONES = "vpcAvailabilityZones";
        public static final String VPC_PRIVATE_SUBNET_IDS = "vpcPrivateSubnetIds";
        public static final String VPC_HAS_NAT_EGRESS = "vpcHasNatEgress";
        public static final String CREATE_SECRETS_MANAGER_ENDPOINT = "createSecretsManagerEndpoint";

        public static final String DATABASE_MODE = "databaseMode";
        public static final String DATABASE_NAME = "databaseName";
        public static final String DATABASE_PORT = "databasePort";
        public static final String DATABASE_ENDPOINT = "databaseEndpoint";
        public static final String DATABASE_SECURITY_GROUP_ID = "databaseSecurityGroupId";
        public static final String DATABASE_SECRET_ARN = "databaseSecretArn";
        public static final String DATABASE_SECRET_KMS_KEY_ARN = "databaseSecretKmsKeyArn";
        public static final String DATABASE_INSTANCE_TYPE = "databaseInstanceType";
        public static final String DATABASE_ENGINE_VERSION = "databaseEngineVersion";
        public static final String DATABASE_ALLOCATED_STORAGE_GIB = "databaseAllocatedStorageGib";
        public static final String DATABASE_MULTI_AZ = "databaseMultiAz";
        public static final String DATABASE_DELETION_PROTECTION = "databaseDeletionProtection";
        public static final String DATABASE_BACKUP_RETENTION_DAYS = "databaseBackupRetentionDays";

        public static final String STRIPE_SECRET = "stripeSecret";
        public static final String STRIPE_SECRET_KMS_KEY_ARN = "stripeSecretKmsKeyArn";
        public static final String STRIPE_API_BASE = "stripeApiBase";
        public static final String STRIPE_ACCOUNTS = "stripeAccounts";

        public static final String MEMORY_MB = "memoryMb";
        public static final String TIMEOUT_MINUTES = "timeoutMinutes";
        public static final String ARCHITECTURE = "architecture";
        public static final String LOG_RETENTION_DAYS = "logRetentionDays";
        public static final String LOG_LEVEL = "logLevel";
        public static final String STRIPE_MAX_RPS = "stripeMaxRps";
        public static final String PLAN_TIER_MAP = "planTierMap";
        public static final String DEFAULT_PLAN_TIER = "defaultPlanTier";
        public static final String MAX_CHANGE_RATIO = "maxChangeRatio";
        public static final String MAX_CHANGES_ABSOLUTE = "maxChangesAbsolute";
        public static final String TRACING = "tracing";
        public static final String ASYNC_RETRY_ATTEMPTS = "asyncRetryAttempts";
        public static final String SCHEMA_MAP = "schemaMap";

        public static final String SERVICE_NAME = "serviceName";
        public static final String METRICS_NAMESPACE = "metricsNamespace";

        public static final String SCHEDULE_EXPRESSION = "scheduleExpression";
        public static final String INCREMENTAL_SCHEDULE_ENABLED = "incrementalScheduleEnabled";
        public static final String INCREMENTAL_SCHEDULE_EXPRESSION = "incrementalScheduleExpression";

        public static final String ALARM_EMAIL = "alarmEmail";
        public static final String ALARM_TOPIC_ARN = "alarmTopicArn";
        public static final String LAMBDA_ERRORS_THRESHOLD = "lambdaErrorsAlarmThreshold";
        public static final String DURATION_ALARM_PERCENT = "durationAlarmPercentOfTimeout";
        public static final String ERRORS_THRESHOLD = "errorsAlarmThreshold";
        public static final String DRIFT_THRESHOLD = "driftAlarmThreshold";
        public static final String UNDELIVERED_WEBHOOKS_THRESHOLD = "undeliveredWebhookEventsAlarmThreshold";

        public static final String EVENT_SOURCE_NAME = "stripeEventSourceName";
        public static final String WEBHOOK_ENDPOINT = "webhookEndpoint";
        public static final String EVENT_BATCH_SIZE = "eventBatchSize";
        public static final String EVENT_BATCH_WINDOW_SECONDS = "eventBatchWindowSeconds";
        public static final String EVENT_MAX_CONCURRENCY = "eventMaxConcurrency";
        public static final String EVENT_MAX_RECEIVE_COUNT = "eventMaxReceiveCount";
        public static final String EVENT_LAG_ALARM_SECONDS = "eventLagAlarmSeconds";
        public static final String RECEIVER_RESERVED_CONCURRENCY = "webhookReceiverReservedConcurrency";
        public static final String RECEIVER_4XX_ALARM_PERCENT = "webhookReceiver4xxAlarmPercent";
        public static final String RECEIVER_5XX_ALARM_PERCENT = "webhookReceiver5xxAlarmPercent";

        private Keys() {
        }
    }

    public static final String DEFAULT_LAMBDA_JAR = "lambda/target/subscription-reconciler-lambda.jar";
    public static final String DEFAULT_SCHEDULE = "cron(0 3 ? * SUN *)";

    public enum VpcMode { CREATE, IMPORT }

    public enum DatabaseMode { CREATE, IMPORT }

    /** Which VPC the function (and a created database) lives in, and how it reaches Stripe and Secrets Manager. */
    public record NetworkConfig(
            VpcMode mode,
            String vpcCidr,
            int maxAzs,
            int natGateways,
            String vpcId,
            List<String> availabilityZones,
            List<String> privateSubnetIds,
            boolean hasNatEgress,
            boolean createSecretsManagerEndpoint) {
    }

    /** The MySQL database: an imported instance/cluster (the common case) or a new RDS MySQL 8 instance. */
    public record DatabaseConfig(
            DatabaseMode mode,
            String databaseName,
            int port,
            String endpoint,
            String securityGroupId,
            String secretArn,
            Optional<String> secretKmsKeyArn,
            String instanceType,
            String engineVersion,
            int allocatedStorageGib,
            boolean multiAz,
            boolean deletionProtection,
            int backupRetentionDays) {
    }

    /**
     * The Stripe key's secret, by full ARN or by name; or, with {@code stripeAccounts}, several accounts' secrets
     * (then {@link #secret} is not used).
     */
    public record StripeConfig(String secret, Optional<String> kmsKeyArn, Optional<String> apiBase,
                               List<StripeAccount> accounts) {

        /** The secrets the function reads Stripe keys from: each account's, or the one. */
        public List<String> secrets() {
            return accounts.isEmpty() ? List.of(secret) : accounts.stream().map(StripeAccount::secret).toList();
        }
    }

    /**
     * One of several Stripe accounts ({@code stripeAccounts}).
     *
     * @param label     its label ({@code stripe_account}, the payload's {@code account})
     * @param secret    name or complete ARN of the secret holding its key
     * @param isDefault whether its rows are those whose {@code stripe_account} is NULL
     * @param apiBase   its own Stripe API base, if any
     * @param eventSource   the name of its own partner event source ({@code aws.partner/stripe.com/…}), if any
     * @param webhookSecret name or complete ARN of the secret holding its webhook endpoint's signing secret, if any
     */
    public record StripeAccount(String label, String secret, boolean isDefault, Optional<String> apiBase,
                                Optional<String> eventSource, Optional<String> webhookSecret) {

        /** This account, marked as the default one. */
        StripeAccount asDefault() {
            return new StripeAccount(label, secret, true, apiBase, eventSource, webhookSecret);
        }
    }

    public enum Arch { ARM_64, X86_64 }

    /**
     * The Lambda function and the reconciler settings passed to it as environment variables (docs/reference.md,
     * Configuration).
     */
    public record FunctionConfig(
            int memoryMb,
            int timeoutMinutes,
            Arch architecture,
            int logRetentionDays,
            String logLevel,
            int stripeMaxRps,
            String planTierMap,
            String defaultPlanTier,
            BigDecimal maxChangeRatio,
            int maxChangesAbsolute,
            boolean tracing,
            int asyncRetryAttempts,
            Optional<String> schemaMap) {
    }

    /**
     * Where the reconciler's EMF metrics land: the namespace (passed to the function as
     * {@code POWERTOOLS_METRICS_NAMESPACE}, so metrics, alarms and dashboard agree) and the value of the
     * {@code Service} dimension ({@code POWERTOOLS_SERVICE_NAME}).
     */
    public record MetricsConfig(String namespace, String serviceName) {
    }

    public record ScheduleConfig(String fullExpression, boolean incrementalEnabled, String incrementalExpression) {
    }

    public record AlarmConfig(
            Optional<String> email,
            Optional<String> existingTopicArn,
            double lambdaErrorsThreshold,
            int durationPercentOfTimeout,
            double errorsThreshold,
            double driftThreshold,
            double undeliveredWebhookEventsThreshold) {
    }

    /**
     * The real-time path (docs/reference.md, The real-time path): its ways in ({@code stripeEventSourceName},
     * {@code webhookEndpoint}) and how the reconciler consumes the queue. Read and checked even when no way in is
     * configured, so a wrong value fails now rather than on the day the path is switched on.
     * {@code accountEventSources} maps an account label of {@code stripeAccounts} to its own partner event source.
     */
    public record RealTimeConfig(
            Optional<String> eventSourceName,
            boolean webhookEndpoint,
            int batchSize,
            int batchWindowSeconds,
            int maxConcurrency,
            int maxReceiveCount,
            int lagAlarmSeconds,
            ReceiverConfig receiver,
            Map<String, String> accountEventSources) {

        /** Whether the stack builds the real-time path at all. */
        public boolean enabled() {
            return eventSourceName.isPresent() || webhookEndpoint || !accountEventSources.isEmpty();
        }
    }

    /**
     * The public webhook receiver's limits.
     *
     * @param reservedConcurrency the receiver's reserved concurrency, which is also its ceiling: empty (no
     *                            reservation, no ceiling) when {@code webhookReceiverReservedConcurrency} is 0
     * @param alarm4xxPercent     share of requests answered 4xx that alarms (sustained for 15 minutes)
     * @param alarm5xxPercent     share of requests answered 5xx that alarms
     */
    public record ReceiverConfig(Optional<Integer> reservedConcurrency, double alarm4xxPercent,
                                 double alarm5xxPercent) {
    }

    /**
     * The function's reserved concurrency: {@code reservedConcurrency} when set, plus the event source's maximum
     * concurrency when the real-time path is on, so that a full run and event batches never throttle each other.
     * Empty (nothing reserved) unless {@code reservedConcurrency} is set.
     */
    public Optional<Integer> functionReservedConcurrency() {
        return deploy.reservedConcurrency().map(reserved -> realTime.enabled()
                ? reserved + realTime.maxConcurrency() : reserved);
    }

    /** The retention periods CloudWatch Logs accepts. */
    static final List<Integer> VALID_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern SCHEDULE = Pattern.compile("^(cron|rate)\\(.+\\)$");
    private static final Pattern KMS_KEY_ARN = Pattern.compile("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/.+$");
    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:.+$");
    private static final Pattern METRICS_NAMESPACE = Pattern.compile("^(?!AWS/)[A-Za-z0-9.\\-_/#:,]{1,255}$");

    /**
     * Reads and validates the configuration.
     *
     * @param context  the context lookup, usually {@code app.getNode()::tryGetContext}
     * @param repoRoot the directory relative paths (the Lambda artifact) are resolved against
     */
    public static ReconcilerConfig fromContext(Function<String, Object> context, Path repoRoot) {
        ContextReader c = new ContextReader(context);

        Path artifact = repoRoot.resolve(c.string(Keys.LAMBDA_JAR_PATH, DEFAULT_LAMBDA_JAR)).normalize();
        c.check(Files.exists(artifact), Keys.LAMBDA_JAR_PATH, "Lambda artifact not found at " + artifact + "."
                + " Build it first with './mvnw -q package -DskipTests' from the repository root, or point -c "
                + Keys.LAMBDA_JAR_PATH + "=<path> at an existing jar.");

        Optional<String> account = c.optionalString(Keys.ACCOUNT);
        Optional<String> region = c.optionalString(Keys.REGION);
        NetworkConfig network = NetworkContext.read(c, account.isPresent() && region.isPresent());
        DatabaseConfig database = database(c);
        c.check(!(network.mode() == VpcMode.IMPORT && database.mode() == DatabaseMode.CREATE
                        && network.availabilityZones().size() == 1), Keys.VPC_AVAILABILITY_ZONES,
                "A created database needs subnets in at least two availability zones (RDS refuses a DB subnet"
                        + " group with one), but '" + Keys.VPC_AVAILABILITY_ZONES + "' lists "
                        + network.availabilityZones() + ". List two or more zones with a private subnet each, or"
                        + " import the database with -c " + Keys.DATABASE_MODE + "=import.");
        String namespace = c.string(Keys.METRICS_NAMESPACE, "SubscriptionReconciler");
        c.requireMatch(METRICS_NAMESPACE, Keys.METRICS_NAMESPACE, namespace,
                "a CloudWatch namespace (letters, digits and . - _ / # : , not starting with AWS/)");
        StripeConfig stripe = stripe(c);
        ReconcilerConfig config = new ReconcilerConfig(
                c.string(Keys.STACK_NAME, "SubscriptionReconciler"),
                account,
                region,
                artifact,
                network,
                database,
                stripe,
                function(c),
                new MetricsConfig(namespace, c.string(Keys.SERVICE_NAME, "subscription-reconciler")),
                schedule(c),
                alarms(c),
                DeployOptions.fromContext(c, database.mode(), database.allocatedStorageGib(), repoRoot),
                RealTimeContext.read(c, stripe.accounts()));
        c.failOnProblems();
        return config;
    }

    private static DatabaseConfig database(ContextReader c) {
        DatabaseMode mode = c.enumeration(DatabaseMode.class, Keys.DATABASE_MODE, DatabaseMode.CREATE);
        String name = c.string(Keys.DATABASE_NAME, "billing");
        int port = c.integer(Keys.DATABASE_PORT, 3306, 1150, 65535);
        Optional<String> kmsKey = c.optionalString(Keys.DATABASE_SECRET_KMS_KEY_ARN);
        kmsKey.ifPresent(k -> c.requireMatch(KMS_KEY_ARN, Keys.DATABASE_SECRET_KMS_KEY_ARN, k, "a KMS key ARN"));
        if (mode == DatabaseMode.CREATE) {
            c.check(kmsKey.isEmpty(), Keys.DATABASE_SECRET_KMS_KEY_ARN, "'" + Keys.DATABASE_SECRET_KMS_KEY_ARN
                    + "' only applies to an imported database; a created database's secret uses the AWS managed key.");
            return new DatabaseConfig(mode, name, port, null, null, null, Optional.empty(),
                    c.string(Keys.DATABASE_INSTANCE_TYPE, "t4g.micro"),
                    c.string(Keys.DATABASE_ENGINE_VERSION, "8.4.8"),
                    c.integer(Keys.DATABASE_ALLOCATED_STORAGE_GIB, 20, 20, 65536),
                    c.bool(Keys.DATABASE_MULTI_AZ, false),
                    // off by default: a first deploy that fails after the instance exists must be able to roll it
                    // back (DeletionPolicy Snapshot keeps a final snapshot); turn it on after the first deploy
                    c.bool(Keys.DATABASE_DELETION_PROTECTION, false),
                    c.integer(Keys.DATABASE_BACKUP_RETENTION_DAYS, 7, 1, 35));
        }
        String endpoint = c.requiredString(Keys.DATABASE_ENDPOINT, "the imported database's endpoint host name");
        String sg = c.requiredString(Keys.DATABASE_SECURITY_GROUP_ID,
                "the imported database's security group (sg-...), which gets an ingress rule from the function");
        String secretArn = c.requiredString(Keys.DATABASE_SECRET_ARN,
                "the complete ARN of the database credentials secret (RDS JSON shape)");
        SecretReferences.requireArn(c, Keys.DATABASE_SECRET_ARN, secretArn);
        return new DatabaseConfig(mode, name, port, endpoint, sg, secretArn, kmsKey,
                null, null, 0, false, false, 0);
    }

    private static StripeConfig stripe(ContextReader c) {
        String secret = c.string(Keys.STRIPE_SECRET, "subscription-reconciler/stripe");
        SecretReferences.requireNameOrArn(c, Keys.STRIPE_SECRET, secret);
        List<StripeAccount> accounts = StripeAccountsContext.read(c);
        c.check(accounts.isEmpty() || c.optionalString(Keys.STRIPE_SECRET).isEmpty(), Keys.STRIPE_SECRET, "'"
                + Keys.STRIPE_SECRET + "' and '" + Keys.STRIPE_ACCOUNTS + "' are both set: with several accounts"
                + " each account's secret is listed in '" + Keys.STRIPE_ACCOUNTS + "' (the function refuses"
                + " STRIPE_SECRET_ID beside STRIPE_ACCOUNTS); remove '" + Keys.STRIPE_SECRET + "'.");
        Optional<String> kmsKey = c.optionalString(Keys.STRIPE_SECRET_KMS_KEY_ARN);
        kmsKey.ifPresent(k -> c.requireMatch(KMS_KEY_ARN, Keys.STRIPE_SECRET_KMS_KEY_ARN, k, "a KMS key ARN"));
        Optional<String> apiBase = c.optionalString(Keys.STRIPE_API_BASE);
        apiBase.ifPresent(b -> c.check(b.matches("^https?://\\S+$"), Keys.STRIPE_API_BASE,
                "'" + Keys.STRIPE_API_BASE + "' must be an http(s) URL, got " + b));
        return new StripeConfig(secret, kmsKey, apiBase, accounts);
    }

    private static FunctionConfig function(ContextReader c) {
        int retention = c.integer(Keys.LOG_RETENTION_DAYS, 90, 1, 3653);
        if (!VALID_RETENTION_DAYS.contains(retention)) {
            c.problem(Keys.LOG_RETENTION_DAYS, "'" + Keys.LOG_RETENTION_DAYS + "' must be one of "
                    + VALID_RETENTION_DAYS + ", got " + retention);
            retention = 90;
        }
        String logLevel = c.string(Keys.LOG_LEVEL, "INFO").toUpperCase(Locale.ROOT);
        if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL").contains(logLevel)) {
            c.problem(Keys.LOG_LEVEL, "'" + Keys.LOG_LEVEL + "' must be TRACE, DEBUG, INFO, WARN, ERROR or"
                    + " FATAL, got " + logLevel);
            logLevel = "INFO";
        }
        String planTierMap = planTierMap(c);
        BigDecimal ratio = c.decimal(Keys.MAX_CHANGE_RATIO, "0.10");
        c.check(ratio.signum() > 0 && ratio.compareTo(BigDecimal.ONE) <= 0, Keys.MAX_CHANGE_RATIO,
                "'" + Keys.MAX_CHANGE_RATIO + "' must be in (0, 1], got " + ratio);
        return new FunctionConfig(
                c.integer(Keys.MEMORY_MB, 1024, 512, 10240),
                c.integer(Keys.TIMEOUT_MINUTES, 15, 1, 15),
                c.enumeration(Arch.class, Keys.ARCHITECTURE, Arch.ARM_64),
                retention,
                logLevel,
                // 100/s is Stripe's live account limit; a sandbox key is held to 25/s by the function itself (the
                // stack cannot see the key), and each endpoint to STRIPE_ENDPOINT_MAX_RPS (default 25)
                c.integer(Keys.STRIPE_MAX_RPS, 20, 1, 100),
                planTierMap,
                c.string(Keys.DEFAULT_PLAN_TIER, "free"),
                ratio,
                c.integer(Keys.MAX_CHANGES_ABSOLUTE, 50, 0, Integer.MAX_VALUE),
                c.bool(Keys.TRACING, false),
                c.integer(Keys.ASYNC_RETRY_ATTEMPTS, 0, 0, 2),
                SchemaMapContext.read(c));
    }

    /** {@code PLAN_TIER_MAP}: a JSON object of price id or lookup key to tier (null: "not a plan"). */
    private static String planTierMap(ContextReader c) {
        String shape = "of price id or lookup key to plan tier, such as {\"price_123\":\"pro\",\"team_monthly\":"
                + "\"team\"}";
        Optional<JsonNode> map = c.jsonObject(Keys.PLAN_TIER_MAP, shape);
        if (map.isEmpty()) {
            return "{}";
        }
        c.check(map.get().properties().stream().allMatch(e -> e.getValue().isTextual() || e.getValue().isNull()),
                Keys.PLAN_TIER_MAP, "'" + Keys.PLAN_TIER_MAP + "' must be a JSON object " + shape);
        return c.jsonText(Keys.PLAN_TIER_MAP, map.get());
    }

    private static ScheduleConfig schedule(ContextReader c) {
        String full = c.string(Keys.SCHEDULE_EXPRESSION, DEFAULT_SCHEDULE);
        String incremental = c.string(Keys.INCREMENTAL_SCHEDULE_EXPRESSION, "rate(1 hour)");
        c.requireMatch(SCHEDULE, Keys.SCHEDULE_EXPRESSION, full, "an EventBridge cron(...) or rate(...) expression");
        c.requireMatch(SCHEDULE, Keys.INCREMENTAL_SCHEDULE_EXPRESSION, incremental,
                "an EventBridge cron(...) or rate(...) expression");
        return new ScheduleConfig(full, c.bool(Keys.INCREMENTAL_SCHEDULE_ENABLED, false), incremental);
    }

    private static AlarmConfig alarms(ContextReader c) {
        Optional<String> email = c.optionalString(Keys.ALARM_EMAIL);
        email.ifPresent(e -> c.check(e.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"), Keys.ALARM_EMAIL,
                "'" + Keys.ALARM_EMAIL + "' is not an e-mail address: " + e));
        Optional<String> topic = c.optionalString(Keys.ALARM_TOPIC_ARN);
        topic.ifPresent(t -> c.requireMatch(SNS_TOPIC_ARN, Keys.ALARM_TOPIC_ARN, t, "an SNS topic ARN"));
        return new AlarmConfig(email, topic,
                c.decimal(Keys.LAMBDA_ERRORS_THRESHOLD, "0").doubleValue(),
                c.integer(Keys.DURATION_ALARM_PERCENT, 80, 1, 100),
                c.decimal(Keys.ERRORS_THRESHOLD, "0").doubleValue(),
                c.decimal(Keys.DRIFT_THRESHOLD, "10").doubleValue(),
                c.decimal(Keys.UNDELIVERED_WEBHOOKS_THRESHOLD, "0").doubleValue());
    }
}
