package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;

/**
 * A fresh environment (cdk.json's defaults): the stack creates the VPC (NAT + Secrets Manager endpoint) and an
 * RDS MySQL 8 instance. Synthesized once; every test reads the same template.
 */
class CreateEnvironmentStackTest {

    private static Synth synth;

    @BeforeAll
    static void synthesize() {
        synth = Synth.of(Synth.with(Synth.createContext(), "alarmEmail", "billing-oncall@example.com"));
    }

    @Test
    void functionRunsJava21WithTheReconcilerHandlerAndDefaults() {
        synth.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "com.subscriptionreconciler.lambda.ReconcilerHandler::handleRequest",
                "MemorySize", 1024,
                "Timeout", 900,
                "Architectures", List.of("arm64")));
        assertThat(synth.props("AWS::Lambda::Function")).doesNotContainKey("TracingConfig")
                .as("new accounts (quota 10, all unreserved) cannot reserve concurrency")
                .doesNotContainKey("ReservedConcurrentExecutions");
    }

    @Test
    void theCreatedVpcsDefaultSecurityGroupIsStrippedAsCdksRecommendedFlagsDo() {
        assertThat(synth.resources("Custom::VpcRestrictDefaultSG")).hasSize(1);
    }

    @Test
    void functionLogsJsonToItsOwnLogGroupWithRetention() {
        @SuppressWarnings("unchecked")
        Map<String, Object> logging = (Map<String, Object>) synth.props("AWS::Lambda::Function").get("LoggingConfig");
        assertThat(logging).containsEntry("LogFormat", "JSON")
                .containsEntry("ApplicationLogLevel", "INFO")
                .containsEntry("SystemLogLevel", "INFO");
        String functionLogGroup = Synth.render(logging.get("LogGroup"));
        Map<String, Map<String, Object>> groups = synth.resources("AWS::Logs::LogGroup");
        String id = functionLogGroup.replace("${Ref:", "").replace("}", "");
        assertThat(groups).containsKey(id);
        assertThat(groups.get(id).get("Properties")).isEqualTo(Map.of("RetentionInDays", 90));
        assertThat(groups.get(id).get("DeletionPolicy")).isEqualTo("Retain");
    }

    @Test
    void functionRunsInThePrivateEgressSubnetsWithItsOwnSecurityGroup() {
        @SuppressWarnings("unchecked")
        Map<String, Object> vpcConfig = (Map<String, Object>) synth.props("AWS::Lambda::Function").get("VpcConfig");
        List<String> subnets = Synth.asList(vpcConfig.get("SubnetIds"));
        assertThat(subnets).hasSize(2).allMatch(s -> s.contains("privateSubnet"));
        List<String> groups = Synth.asList(vpcConfig.get("SecurityGroupIds"));
        assertThat(groups).singleElement().asString().contains("ReconcilerSecurityGroup");
    }

    @Test
    void environmentCarriesSecretIdsAndSettingsButNoSecretValues() {
        Map<String, Object> env = synth.environment();
        assertThat(env).containsOnlyKeys("STRIPE_SECRET_ID", "DB_SECRET_ID", "DB_HOST", "DB_PORT", "DB_NAME",
                "STRIPE_MAX_RPS", "PLAN_TIER_MAP", "DEFAULT_PLAN_TIER", "MAX_CHANGE_RATIO", "MAX_CHANGES_ABSOLUTE",
                "LOG_LEVEL", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_LOG_LEVEL",
                "MIGRATE_ON_START", "DB_SSL_MODE");
        assertThat(env).as("a created database is unreachable from outside: the function creates the schema")
                .containsEntry("MIGRATE_ON_START", "true")
                .as("always encrypted; no CA bundle given, so not verified")
                .containsEntry("DB_SSL_MODE", "REQUIRED");
        assertThat(env).containsEntry("STRIPE_SECRET_ID", "subscription-reconciler/stripe")
                .containsEntry("DB_NAME", "billing")
                .containsEntry("STRIPE_MAX_RPS", "20")
                .containsEntry("PLAN_TIER_MAP", "{}")
                .containsEntry("DEFAULT_PLAN_TIER", "free")
                .containsEntry("MAX_CHANGE_RATIO", "0.10")
                .containsEntry("MAX_CHANGES_ABSOLUTE", "50")
                .containsEntry("LOG_LEVEL", "INFO")
                .containsEntry("POWERTOOLS_SERVICE_NAME", "subscription-reconciler")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "SubscriptionReconciler");
        String dbSecret = Synth.render(env.get("DB_SECRET_ID"));
        assertThat(dbSecret).startsWith("${Ref:DatabaseInstanceSecretAttachment");
        assertThat(Synth.render(env.get("DB_HOST"))).isEqualTo("${DatabaseInstanceAA8A5FDE.Endpoint.Address}");
        assertThat(Synth.render(env.get("DB_PORT"))).isEqualTo("${DatabaseInstanceAA8A5FDE.Endpoint.Port}");
        // No value is a resolved secret, a dynamic reference or a Stripe key.
        String rendered = env.values().stream().map(Synth::render).toList().toString();
        assertThat(rendered).doesNotContain("{{resolve:", "sk_", "rk_", "password", "SecretString");
    }

    @Test
    void asyncInvocationsAreNotRetriedAndFailuresGoToTheFailureQueue() {
        String queue = synth.logicalId("AWS::SQS::Queue");
        synth.template().hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "MaximumRetryAttempts", 0,
                "MaximumEventAgeInSeconds", 21600,
                "Qualifier", "$LATEST",
                "DestinationConfig", Map.of("OnFailure", Map.of(
                        "Destination", Map.of("Fn::GetAtt", List.of(queue, "Arn"))))));
        synth.template().hasResourceProperties("AWS::SQS::Queue", Map.of(
                "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 1209600));
    }

    @Test
    void weeklyScheduleStartsTheFullRunStateMachineOnSundayAt3Utc() {
        synth.template().resourceCountIs("AWS::Events::Rule", 1);
        synth.template().hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "cron(0 3 ? * SUN *)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", synth.logicalId("AWS::StepFunctions::StateMachine")),
                        "RoleArn", Match.anyValue(),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 3, "MaximumEventAgeInSeconds", 3600),
                        "DeadLetterConfig", Map.of("Arn",
                                Map.of("Fn::GetAtt", List.of(synth.logicalId("AWS::SQS::Queue"), "Arn"))))))));
        // the rule no longer invokes the function itself
        synth.template().resourceCountIs("AWS::Lambda::Permission", 0);
    }

    @Test
    void roleHasNoManagedPoliciesAndReadsExactlyTheTwoSecrets() {
        // (CDK's own handler that strips the created VPC's default security group uses the basic execution role)
        assertThat(synth.ownResources("AWS::IAM::Role")).allSatisfy((id, role) ->
                assertThat(((Map<?, ?>) role.get("Properties")).containsKey("ManagedPolicyArns")).as(id).isFalse());
        Map<String, Object> secrets = synth.statement("ReadReconcilerSecrets");
        assertThat(Synth.asList(secrets.get("Action"))).containsExactly("secretsmanager:GetSecretValue");
        // (minimizePolicies, one of CDK's recommended flags, sorts the resources)
        assertThat(Synth.asList(secrets.get("Resource"))).containsExactlyInAnyOrder(
                Synth.render(synth.environment().get("DB_SECRET_ID")),
                "arn:aws:secretsmanager:${Ref:AWS::Region}:${Ref:AWS::AccountId}:secret:"
                        + "subscription-reconciler/stripe-??????");
        assertThat(synth.policyStatements()).noneMatch(s -> String.valueOf(s.get("Action")).contains("kms:"));
    }

    @Test
    void wildcardResourcesOnlyForNetworkInterfaceActions() {
        for (Map<String, Object> statement : synth.policyStatementsExcept("FullRunDriver")) {
            if (Synth.asList(statement.get("Resource")).contains("*")) {
                assertThat(Synth.asList(statement.get("Action"))).allMatch(a -> a.startsWith("ec2:")
                        && (a.contains("NetworkInterface") || a.contains("PrivateIpAddresses")
                        || a.equals("ec2:DescribeSubnets")));
            }
            assertThat(Synth.asList(statement.get("Action"))).noneMatch(a -> a.endsWith(":*") || a.equals("*"));
        }
        Map<String, Object> logs = synth.statement("WriteOwnLogs");
        assertThat(Synth.asList(logs.get("Resource"))).singleElement().asString()
                .startsWith("${ReconcilerLogGroup").endsWith(".Arn}");
    }

    @Test
    void createdVpcHasNatAndASecretsManagerEndpointOpenOnlyToTheFunction() {
        synth.template().resourceCountIs("AWS::EC2::VPC", 1);
        synth.template().resourceCountIs("AWS::EC2::NatGateway", 1);
        synth.template().resourceCountIs("AWS::EC2::FlowLog", 1);
        synth.template().hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Interface",
                "PrivateDnsEnabled", true,
                "ServiceName", Map.of("Fn::Join", List.of("", List.of("com.amazonaws.",
                        Map.of("Ref", "AWS::Region"), ".secretsmanager")))));
        synth.template().hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "IpProtocol", "tcp", "FromPort", 443, "ToPort", 443,
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(functionSecurityGroupId(), "GroupId")),
                "GroupId", Match.objectLike(Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("NetworkSecretsManagerEndpointSecurityGroup.*"),
                                "GroupId")))));
    }

    @Test
    void functionSecurityGroupAllowsOnlyHttpsOutAndMysqlToTheDatabase() {
        Map<String, Object> sg = synth.resources("AWS::EC2::SecurityGroup").get(functionSecurityGroupId());
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) sg.get("Properties");
        assertThat(props.get("SecurityGroupEgress")).isEqualTo(List.of(Map.of(
                "CidrIp", "0.0.0.0/0", "Description", "HTTPS to api.stripe.com (through NAT) and AWS APIs",
                "FromPort", 443, "IpProtocol", "tcp", "ToPort", 443)));
        assertThat(props).doesNotContainKey("SecurityGroupIngress");
        synth.template().hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "IpProtocol", "tcp",
                "FromPort", Map.of("Fn::GetAtt", List.of("DatabaseInstanceAA8A5FDE", "Endpoint.Port")),
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(functionSecurityGroupId(), "GroupId"))));
        synth.template().hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of(
                "IpProtocol", "tcp",
                "GroupId", Map.of("Fn::GetAtt", List.of(functionSecurityGroupId(), "GroupId"))));
    }

    @Test
    void createdDatabaseIsEncryptedPrivateMysql8WithAGeneratedSecret() {
        synth.template().hasResourceProperties("AWS::RDS::DBInstance", Map.of(
                "Engine", "mysql",
                "EngineVersion", "8.4.8",
                "StorageEncrypted", true,
                "PubliclyAccessible", false,
                "DeletionProtection", false,
                "MaxAllocatedStorage", 100,
                "DBName", "billing",
                "Port", "3306",
                "BackupRetentionPeriod", 7,
                "MultiAZ", false));
        assertThat(synth.props("AWS::RDS::DBInstance"))
                .containsEntry("DBInstanceIdentifier", "subscriptionreconciler-billing");
        synth.template().hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                "GenerateSecretString", Match.objectLike(Map.of(
                        "SecretStringTemplate", "{\"username\":\"reconciler\"}"))));
        synth.template().hasResourceProperties("AWS::RDS::DBSubnetGroup", Map.of(
                "SubnetIds", Match.arrayWith(List.of(Match.objectLike(Map.of("Ref",
                        Match.stringLikeRegexp("NetworkVpcdatabaseSubnet.*")))))));
    }

    @Test
    void createdDatabaseRefusesUnencryptedConnectionsGrowsItsStorageAndKeepsItsLogsForAWhile() {
        synth.template().hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of(
                "Family", "mysql8.4",
                "Parameters", Map.of("require_secure_transport", "ON")));
        assertThat(synth.props("AWS::RDS::DBInstance").get("DBParameterGroupName"))
                .isEqualTo(Map.of("Ref", synth.logicalId("AWS::RDS::DBParameterGroup")));
        for (String log : List.of("error", "slowquery")) {
            synth.template().hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                    "LogGroupName", "/aws/rds/instance/subscriptionreconciler-billing/" + log,
                    "RetentionInDays", 90));
        }
        Map<String, Object> freeStorage = synth.alarm("DatabaseFreeStorage");
        assertThat(freeStorage).containsEntry("MetricName", "FreeStorageSpace")
                .containsEntry("ComparisonOperator", "LessThanThreshold");
        assertThat(((Number) freeStorage.get("Threshold")).doubleValue()).isEqualTo(1024d * 1024 * 1024);
        // a failed first deploy rolls the instance back (with a final snapshot) instead of ROLLBACK_FAILED
        assertThat(synth.single("AWS::RDS::DBInstance")).containsEntry("DeletionPolicy", "Snapshot");
    }

    @Test
    void warnsAtSynthThatTheServerCertificateIsNotVerifiedWithoutACaBundle() {
        assertThat(synth.annotations().findWarning("*", Match.stringLikeRegexp(".*databaseCaBundlePath.*")))
                .hasSize(1);
    }

    @Test
    void everyAlarmHasItsThresholdAndNotifiesTheTopic() {
        Map<String, Object> topicRef = Map.of("Ref", synth.logicalId("AWS::SNS::Topic"));
        assertAlarm("LambdaErrors", "Errors", "AWS/Lambda", "Sum", 300, 0, "GreaterThanThreshold", 1,
                "notBreaching", topicRef);
        // the reconciler's own measure: invocations that pause at their deadline by design emit none
        assertAlarm("LambdaDuration", "InvocationDurationMs", "SubscriptionReconciler", "Maximum", 300, 720000,
                "GreaterThanThreshold", 1, "notBreaching", topicRef);
        assertAlarm("RunAborted", "RunAborted", "SubscriptionReconciler", "Sum", 3600, 0,
                "GreaterThanThreshold", 1, "notBreaching", topicRef);
        assertThat(synth.alarm("DriftDetected").get("AlarmDescription").toString())
                .contains("webhooks").contains("Stripe Dashboard").contains("Stripe key for another account");
        assertAlarm("ReconcilerErrors", "Errors", "SubscriptionReconciler", "Sum", 3600, 0,
                "GreaterThanThreshold", 1, "notBreaching", topicRef);
        assertAlarm("DriftDetected", "DriftDetected", "SubscriptionReconciler", "Sum", 3600, 10,
                "GreaterThanThreshold", 1, "notBreaching", topicRef);
        assertAlarm("UndeliveredWebhookEvents", "UndeliveredWebhookEvents", "SubscriptionReconciler", "Maximum",
                3600, 0, "GreaterThanThreshold", 1, "notBreaching", topicRef);
        assertAlarm("FailedInvocations", "ApproximateNumberOfMessagesVisible", "AWS/SQS", "Maximum", 300, 0,
                "GreaterThanThreshold", 1, "notBreaching", topicRef);
        assertThat(synth.alarm("ReconcilerErrors").get("Dimensions"))
                .isEqualTo(List.of(Map.of("Name", "Service", "Value", "subscription-reconciler")));
    }

    @Test
    void noSuccessfulRunIn8DaysIsACompositeOfTwoAlarmsThatTreatMissingDataAsBreaching() {
        Map<String, Object> noSuccess = synth.alarm("NoSuccessIn7Days");
        assertThat(noSuccess).containsEntry("MetricName", "RunSucceeded")
                .containsEntry("Namespace", "SubscriptionReconciler")
                .containsEntry("Statistic", "Sum")
                .containsEntry("Period", 86400)
                .containsEntry("EvaluationPeriods", 7)
                .containsEntry("DatapointsToAlarm", 7)
                .containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("TreatMissingData", "breaching")
                .doesNotContainKey("AlarmActions");
        Map<String, Object> noInvocation = synth.alarm("NoInvocationIn1Day");
        assertThat(noInvocation).containsEntry("MetricName", "Invocations")
                .containsEntry("Namespace", "AWS/Lambda")
                .containsEntry("Period", 86400)
                .containsEntry("EvaluationPeriods", 1)
                .containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("TreatMissingData", "breaching");

        @SuppressWarnings("unchecked")
        Map<String, Object> composite = (Map<String, Object>) synth.single("AWS::CloudWatch::CompositeAlarm")
                .get("Properties");
        String rule = Synth.render(composite.get("AlarmRule"));
        assertThat(rule).contains("ALARM(\"").contains(" AND ")
                .contains("AlarmsNoSuccessIn7Days").contains("AlarmsNoInvocationIn1Day");
        assertThat(composite.get("AlarmActions"))
                .isEqualTo(List.of(Map.of("Ref", synth.logicalId("AWS::SNS::Topic"))));
    }

    @Test
    void noAlarmExceedsTheSevenDayEvaluationRangeCloudWatchAccepts() {
        synth.resources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) alarm.get("Properties");
            long range = ((Number) p.get("Period")).longValue() * ((Number) p.get("EvaluationPeriods")).longValue();
            assertThat(range).as(id).isLessThanOrEqualTo(604_800L);
            if (((Number) p.get("Period")).longValue() < 3600) {
                assertThat(range).as(id + " (sub-hour period)").isLessThanOrEqualTo(86_400L);
            }
        });
    }

    @Test
    void alarmTopicEnforcesSslAndHasTheEmailSubscription() {
        synth.template().hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "billing-oncall@example.com"));
        synth.template().hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Match.objectLike(
                Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Effect", "Deny", "Action", "sns:Publish",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                        Match.objectLike(Map.of("Effect", "Allow", "Action", "sns:Publish",
                                "Principal", Map.of("Service", "cloudwatch.amazonaws.com")))))))));
    }

    @Test
    void dashboardShowsRunsDriftDurationStripeRequestsAndErrors() {
        String body = Synth.render(synth.props("AWS::CloudWatch::Dashboard").get("DashboardBody"));
        for (String metric : ReconcilerMetrics.ALL) {
            assertThat(body).as(metric).contains("\"" + metric + "\"");
        }
        assertThat(body).contains("\"Service\",\"subscription-reconciler\"")
                .contains("Runs").contains("Drift by kind").contains("Stripe requests").contains("Errors");
    }

    @Test
    void cdkNagReportsNoUnsuppressedErrorsOrWarnings() {
        assertThat(synth.nagErrors()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
        assertThat(synth.nagWarnings()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    private void assertAlarm(String id, String metric, String namespace, String statistic, int period,
                             double threshold, String comparison, int evaluationPeriods, String missing,
                             Map<String, Object> action) {
        Map<String, Object> alarm = synth.alarm(id);
        assertThat(alarm).as(id).containsEntry("MetricName", metric)
                .containsEntry("Namespace", namespace)
                .containsEntry("Statistic", statistic)
                .containsEntry("Period", period)
                .containsEntry("ComparisonOperator", comparison)
                .containsEntry("EvaluationPeriods", evaluationPeriods)
                .containsEntry("TreatMissingData", missing)
                .containsEntry("AlarmActions", List.of(action));
        assertThat(((Number) alarm.get("Threshold")).doubleValue()).as(id + " threshold").isEqualTo(threshold);
    }

    private static String functionId() {
        return synth.logicalId("AWS::Lambda::Function");
    }

    private static String functionSecurityGroupId() {
        return synth.resources("AWS::EC2::SecurityGroup").keySet().stream()
                .filter(id -> id.startsWith("ReconcilerSecurityGroup")).findFirst().orElseThrow();
    }
}
