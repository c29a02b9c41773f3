package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The knobs that are off or different by default (one synthesis), and the configurations that must fail
 * synthesis with a message that says what to do (no synthesis needed: they fail before any construct exists).
 */
class ConfigurationVariantsTest {

    private static final String STRIPE_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/stripe-Zz9Yy8";

    private static Synth synth;

    @BeforeAll
    static void synthesize() {
        synth = Synth.of(Synth.with(Synth.importContext(),
                "stripeSecret", STRIPE_ARN,
                "architecture", "x86_64",
                "tracing", true,
                "asyncRetryAttempts", 1,
                "memoryMb", 2048,
                "timeoutMinutes", 10,
                "logRetentionDays", 30,
                "logLevel", "debug",
                "durationAlarmPercentOfTimeout", 90,
                "scheduleExpression", "cron(30 4 ? * MON *)",
                "stripeApiBase", "http://stripe-emulator:12111"));
    }

    @Test
    void functionSettingsFollowTheContext() {
        synth.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Architectures", List.of("x86_64"),
                "MemorySize", 2048,
                "Timeout", 600,
                "TracingConfig", Map.of("Mode", "Active"),
                "LoggingConfig", Map.of("LogFormat", "JSON", "ApplicationLogLevel", "DEBUG",
                        "SystemLogLevel", "INFO", "LogGroup", Map.of("Ref", logGroupId()))));
        synth.template().hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        synth.template().hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of("MaximumRetryAttempts", 1));
        assertThat(synth.environment()).containsEntry("LOG_LEVEL", "DEBUG")
                .containsEntry("STRIPE_SECRET_ID", STRIPE_ARN)
                .containsEntry("STRIPE_API_BASE", "http://stripe-emulator:12111");
    }

    @Test
    void durationAlarmFollowsTimeoutAndPercentage() {
        assertThat(((Number) synth.alarm("LambdaDuration").get("Threshold")).doubleValue()).isEqualTo(540_000d);
    }

    @Test
    void stripeSecretGivenByArnIsGrantedExactlyWithoutWildcard() {
        assertThat(Synth.asList(synth.statement("ReadReconcilerSecrets").get("Resource")))
                .containsExactly("arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-AbC123", STRIPE_ARN);
        assertThat(synth.policyStatements()).noneMatch(s -> "DecryptSecretsViaSecretsManager".equals(s.get("Sid")));
    }

    @Test
    void importedVpcWithoutTheEndpointFlagGetsNoEndpointAndOnlyTheWeeklyRule() {
        synth.template().resourceCountIs("AWS::EC2::VPCEndpoint", 0);
        synth.template().resourceCountIs("AWS::Events::Rule", 1);
        synth.template().hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "cron(30 4 ? * MON *)"));
    }

    @Test
    void tracingAddsOnlyXrayActionsOnWildcardAndNagStaysClean() {
        assertThat(synth.policyStatementsExcept("FullRunDriver"))
                .filteredOn(s -> Synth.asList(s.get("Resource")).contains("*"))
                .flatExtracting(s -> Synth.asList(s.get("Action")))
                .allMatch(a -> a.startsWith("ec2:") || a.startsWith("xray:"))
                .contains("xray:PutTraceSegments");
        assertThat(synth.nagErrors()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
        assertThat(synth.nagWarnings()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    @Test
    void importedVpcWithoutTheNatStatementFailsSynthesis() {
        Map<String, Object> context = Synth.importContext();
        context.remove("vpcHasNatEgress");
        assertThatThrownBy(() -> build(context))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("api.stripe.com")
                .hasMessageContaining("-c vpcHasNatEgress=true");
        assertThatThrownBy(() -> build(Synth.with(Synth.importContext(), "vpcHasNatEgress", "false")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vpcHasNatEgress");
    }

    @Test
    void missingLambdaArtifactFailsWithTheBuildCommand() {
        assertThatThrownBy(() -> build(Synth.with(Synth.createContext(), "lambdaJarPath", "no/such/file.jar")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Lambda artifact not found")
                .hasMessageContaining("./mvnw -q package -DskipTests")
                .hasMessageContaining("lambdaJarPath");
    }

    @Test
    void invalidValuesNameTheirKey() {
        Map<String, Object> importing = Synth.importContext();
        importing.remove("databaseSecretArn");
        assertThatThrownBy(() -> build(importing)).hasMessageContaining("databaseSecretArn");
        assertThatThrownBy(() -> build(Synth.with(Synth.importContext(), "databaseSecretArn",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db")))
                .hasMessageContaining("6-character suffix");
        assertThatThrownBy(() -> build(Synth.with(Synth.createContext(), "timeoutMinutes", "16")))
                .hasMessageContaining("timeoutMinutes");
        assertThatThrownBy(() -> build(Synth.with(Synth.createContext(), "logRetentionDays", "10")))
                .hasMessageContaining("logRetentionDays");
        assertThatThrownBy(() -> build(Synth.with(Synth.createContext(), "scheduleExpression", "every sunday")))
                .hasMessageContaining("scheduleExpression");
        assertThatThrownBy(() -> build(Synth.with(Synth.createContext(), "vpcMode", "lookup")))
                .hasMessageContaining("vpcMode").hasMessageContaining("import");
        assertThatThrownBy(() -> build(Synth.with(Synth.createContext(), "maxChangeRatio", "1.5")))
                .hasMessageContaining("maxChangeRatio");
        assertThatThrownBy(() -> build(Synth.with(Synth.importContext(), "vpcPrivateSubnetIds", "subnet-1")))
                .hasMessageContaining("vpcPrivateSubnetIds");
    }

    @Test
    void defaultsMatchTheSpec() {
        ReconcilerConfig config = ReconcilerConfig.fromContext(Synth.createContext()::get, Synth.MODULE_DIR);
        assertThat(config.schedule().fullExpression()).isEqualTo("cron(0 3 ? * SUN *)");
        assertThat(config.schedule().incrementalEnabled()).isFalse();
        assertThat(config.function().memoryMb()).isEqualTo(1024);
        assertThat(config.function().timeoutMinutes()).isEqualTo(15);
        assertThat(config.function().asyncRetryAttempts()).isZero();
        assertThat(config.deploy().reservedConcurrency()).as("nothing reserved on a fresh account").isEmpty();
        assertThat(config.deploy().migrateOnStart()).as("a created database gets its schema").isTrue();
        assertThat(config.database().deletionProtection()).as("a failed first deploy can roll back").isFalse();
        assertThat(config.metrics().serviceName()).isEqualTo("subscription-reconciler");
        assertThat(config.metrics().namespace()).isEqualTo("SubscriptionReconciler");
        assertThat(config.network().mode()).isEqualTo(ReconcilerConfig.VpcMode.CREATE);
        assertThat(config.database().mode()).isEqualTo(ReconcilerConfig.DatabaseMode.CREATE);
        assertThat(config.alarms().driftThreshold()).isEqualTo(10d);
        assertThat(config.alarms().durationPercentOfTimeout()).isEqualTo(80);
    }

    @Test
    void repositoryRootIsWhereCdkJsonIs() {
        assertThat(SubscriptionReconcilerApp.repositoryRoot(Synth.MODULE_DIR.resolve("src/test")))
                .isEqualTo(Synth.MODULE_DIR.getParent());
    }

    private static void build(Map<String, Object> context) {
        SubscriptionReconcilerApp.build(new App(AppProps.builder().context(context).build()), Synth.MODULE_DIR);
    }

    private static String logGroupId() {
        return synth.resources("AWS::Logs::LogGroup").keySet().stream()
                .filter(id -> id.startsWith("ReconcilerLogGroup")).findFirst().orElseThrow();
    }
}
