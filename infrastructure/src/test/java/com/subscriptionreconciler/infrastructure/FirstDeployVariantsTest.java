package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;

/**
 * The opt-in settings of a first deploy on a real account, in one synthesis: a database created in an imported
 * VPC, reserved concurrency, a custom metrics namespace, the RDS CA bundle and deletion protection; and the
 * combinations AWS would refuse, which must fail synthesis with a message naming the key.
 */
class FirstDeployVariantsTest {

    static final String CA_BUNDLE = "src/test/resources/test-ca-bundle.pem";

    private static Synth synth;

    @BeforeAll
    static void synthesize() {
        Map<String, Object> context = Synth.with(Synth.importContext(),
                "databaseMode", "create",
                "reservedConcurrency", "1",
                "metricsNamespace", "Billing/Prod",
                "databaseCaBundlePath", CA_BUNDLE,
                "databaseDeletionProtection", "true",
                "migrateOnStart", "false",
                "databaseMaxAllocatedStorageGib", "250");
        synth = Synth.of(context);
    }

    @Test
    void reservedConcurrencyIsSetOnlyWhenAsked() {
        synth.template().hasResourceProperties("AWS::Lambda::Function",
                Map.of("ReservedConcurrentExecutions", 1));
    }

    @Test
    void aCustomNamespaceMovesMetricsAlarmsAndDashboardTogether() {
        assertThat(synth.environment()).containsEntry("POWERTOOLS_METRICS_NAMESPACE", "Billing/Prod");
        for (String alarm : List.of("ReconcilerErrors", "DriftDetected", "RunAborted", "LambdaDuration")) {
            assertThat(synth.alarm(alarm)).as(alarm).containsEntry("Namespace", "Billing/Prod");
        }
        String dashboard = Synth.render(synth.props("AWS::CloudWatch::Dashboard").get("DashboardBody"));
        assertThat(dashboard).contains("\"Billing/Prod\"").doesNotContain("\"SubscriptionReconciler\",");
    }

    @Test
    void theCaBundleIsShippedAsALayerAndTheServerIdentityIsVerified() {
        assertThat(synth.environment()).containsEntry("DB_SSL_MODE", "VERIFY_IDENTITY")
                .containsEntry("DB_SSL_CA", "/opt/db-ca/ca-bundle.pem");
        String layer = synth.logicalId("AWS::Lambda::LayerVersion");
        assertThat(synth.props("AWS::Lambda::Function").get("Layers")).isEqualTo(List.of(Map.of("Ref", layer)));
        assertThat(synth.annotations().findWarning("*", Match.stringLikeRegexp(".*databaseCaBundlePath.*")))
                .as("no warning once the bundle is given").isEmpty();
    }

    @Test
    void theDatabaseGoesIntoTheImportedSubnetsProtectedAndWithoutStartupMigrations() {
        synth.template().hasResourceProperties("AWS::RDS::DBSubnetGroup", Map.of(
                "SubnetIds", List.of("subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f")));
        synth.template().hasResourceProperties("AWS::RDS::DBInstance", Map.of(
                "DeletionProtection", true, "MaxAllocatedStorage", 250));
        assertThat(synth.environment()).containsEntry("MIGRATE_ON_START", "false");
    }

    @Test
    void cdkNagReportsNoUnsuppressedFindings() {
        assertThat(synth.nagErrors()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
        assertThat(synth.nagWarnings()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    @Test
    void aCreatedDatabaseInAnImportedVpcWithOneZoneFailsAtSynth() {
        Map<String, Object> context = Synth.with(Synth.importContext(), "databaseMode", "create",
                "vpcAvailabilityZones", "eu-west-1a", "vpcPrivateSubnetIds", "subnet-0aaa1111bbbb2222c");
        assertThatThrownBy(() -> ReconcilerConfig.fromContext(context::get, Synth.MODULE_DIR))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least two availability zones")
                .hasMessageContaining("vpcAvailabilityZones");
    }

    @Test
    void moreThanTwoZonesNeedAnEnvironmentInsteadOfBeingIgnored() {
        Map<String, Object> context = Synth.with(Synth.createContext(), "vpcMaxAzs", "3");
        assertThatThrownBy(() -> ReconcilerConfig.fromContext(context::get, Synth.MODULE_DIR))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'vpcMaxAzs'=3 needs -c account");
        Map<String, Object> withEnvironment = Synth.with(context, "account", "123456789012", "region", "eu-west-1");
        assertThat(ReconcilerConfig.fromContext(withEnvironment::get, Synth.MODULE_DIR).network().maxAzs())
                .isEqualTo(3);
    }

    @Test
    void aCaBundleThatIsNotAPemFileFailsNamingTheKey() {
        Map<String, Object> context = Synth.with(Synth.createContext(),
                "databaseCaBundlePath", "src/test/resources/dummy-lambda-asset/README.txt");
        assertThatThrownBy(() -> ReconcilerConfig.fromContext(context::get, Synth.MODULE_DIR))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'databaseCaBundlePath' must name a PEM file");
    }

    @Test
    void anAwsNamespaceIsRefused() {
        Map<String, Object> context = Synth.with(Synth.createContext(), "metricsNamespace", "AWS/Lambda");
        assertThatThrownBy(() -> ReconcilerConfig.fromContext(context::get, Synth.MODULE_DIR))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'metricsNamespace'");
    }
}
