package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;

/**
 * The common production case: the database's existing VPC and RDS database are imported by id (no lookups), the
 * operator states the subnets have NAT egress and asks for a Secrets Manager endpoint; the Stripe secret is given
 * by name with a customer-managed key, incremental runs are on, alarms go to an existing topic. Values arrive as
 * {@code -c} strings.
 */
class ImportEnvironmentStackTest {

    private static final String DB_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-AbC123";
    private static final String DB_KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    private static final String STRIPE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/99999999-8888-7777-6666-555555555555";
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:ops-alerts";

    private static Synth synth;

    @BeforeAll
    static void synthesize() {
        synth = Synth.of(Synth.with(Synth.importContext(),
                "createSecretsManagerEndpoint", "true",
                "stripeSecret", "billing/stripe-restricted-key",
                "stripeSecretKmsKeyArn", STRIPE_KEY,
                "databaseSecretKmsKeyArn", DB_KEY,
                "incrementalScheduleEnabled", "true",
                "alarmTopicArn", TOPIC,
                "driftAlarmThreshold", "25",
                "planTierMap", "{\"price_123\":\"pro\",\"team_monthly\":\"team\"}"));
    }

    @Test
    void functionRunsInTheImportedPrivateSubnets() {
        @SuppressWarnings("unchecked")
        Map<String, Object> vpcConfig = (Map<String, Object>) synth.props("AWS::Lambda::Function").get("VpcConfig");
        assertThat(vpcConfig.get("SubnetIds")).isEqualTo(List.of("subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"));
        assertThat(Synth.asList(vpcConfig.get("SecurityGroupIds"))).singleElement().asString()
                .startsWith("${ReconcilerSecurityGroup").endsWith(".GroupId}");
        synth.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21", "MemorySize", 1024, "Timeout", 900));
        assertThat(synth.environment()).as("an imported database's owner runs migrate")
                .containsEntry("MIGRATE_ON_START", "false");
    }

    @Test
    void noVpcOrNatIsCreatedButTheRequestedEndpointIs() {
        synth.template().resourceCountIs("AWS::EC2::VPC", 0);
        synth.template().resourceCountIs("AWS::EC2::NatGateway", 0);
        synth.template().hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcId", "vpc-0a1b2c3d4e5f60718",
                "ServiceName", "com.amazonaws.eu-west-1.secretsmanager",
                "PrivateDnsEnabled", true,
                "SubnetIds", List.of("subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f")));
    }

    @Test
    void importedDatabaseSecurityGroupGetsAnIngressRuleFromTheFunction() {
        synth.template().hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "GroupId", "sg-0123456789abcdef0",
                "IpProtocol", "tcp", "FromPort", 3307, "ToPort", 3307,
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(functionSecurityGroupId(), "GroupId"))));
        synth.template().resourceCountIs("AWS::RDS::DBInstance", 0);
        synth.template().resourceCountIs("AWS::SecretsManager::Secret", 0);
    }

    @Test
    void environmentPointsAtTheImportedDatabaseAndTheSecretsById() {
        assertThat(synth.environment())
                .containsEntry("DB_HOST", "billing.cluster-abc123.eu-west-1.rds.amazonaws.com")
                .containsEntry("DB_PORT", "3307")
                .containsEntry("DB_NAME", "app")
                .containsEntry("DB_SECRET_ID", DB_SECRET)
                .containsEntry("STRIPE_SECRET_ID", "billing/stripe-restricted-key")
                .containsEntry("PLAN_TIER_MAP", "{\"price_123\":\"pro\",\"team_monthly\":\"team\"}");
    }

    @Test
    void secretsAreReadOnTheirExactArnsAndKeysOnlyThroughSecretsManager() {
        Map<String, Object> secrets = synth.statement("ReadReconcilerSecrets");
        assertThat(Synth.asList(secrets.get("Action"))).containsExactly("secretsmanager:GetSecretValue");
        assertThat(Synth.asList(secrets.get("Resource"))).containsExactly(DB_SECRET,
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/stripe-restricted-key-??????");

        Map<String, Object> kms = synth.statement("DecryptSecretsViaSecretsManager");
        assertThat(Synth.asList(kms.get("Action"))).containsExactly("kms:Decrypt");
        assertThat(Synth.asList(kms.get("Resource"))).containsExactly(DB_KEY, STRIPE_KEY);
        assertThat(kms.get("Condition")).isEqualTo(Map.of("StringEquals",
                Map.of("kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com")));
    }

    @Test
    void incrementalScheduleIsAddedWhenEnabled() {
        synth.template().resourceCountIs("AWS::Events::Rule", 2);
        synth.template().hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "cron(0 3 ? * SUN *)",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref",
                        synth.logicalId("AWS::StepFunctions::StateMachine")))))));
        synth.template().hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(1 hour)",
                "Targets", List.of(Match.objectLike(Map.of("Input", "{\"mode\":\"incremental\",\"trigger\":\"schedule\"}")))));
    }

    @Test
    void alarmsNotifyTheExistingTopicAndUseConfiguredThresholds() {
        synth.template().resourceCountIs("AWS::SNS::Topic", 0);
        synth.resources("AWS::CloudWatch::Alarm").values().stream()
                .map(r -> (Map<?, ?>) r.get("Properties"))
                .filter(p -> p.containsKey("AlarmActions"))
                .forEach(p -> assertThat(p.get("AlarmActions")).isEqualTo(List.of(TOPIC)));
        assertThat(synth.alarm("DriftDetected")).containsEntry("Threshold", 25);
        assertThat(((Map<?, ?>) synth.single("AWS::CloudWatch::CompositeAlarm").get("Properties"))
                .get("AlarmActions")).isEqualTo(List.of(TOPIC));
        // 7 alarms with the topic action, 2 on the full-run state machine, 2 building blocks of the composite
        assertThat(synth.resources("AWS::CloudWatch::Alarm").values().stream()
                .filter(r -> ((Map<?, ?>) r.get("Properties")).containsKey("AlarmActions"))).hasSize(9);
    }

    @Test
    void cdkNagReportsNoUnsuppressedErrorsOrWarnings() {
        assertThat(synth.nagErrors()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
        assertThat(synth.nagWarnings()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    private static String functionSecurityGroupId() {
        return synth.resources("AWS::EC2::SecurityGroup").keySet().stream()
                .filter(id -> id.startsWith("ReconcilerSecurityGroup")).findFirst().orElseThrow();
    }
}
