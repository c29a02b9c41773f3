package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;

/**
 * Context validation as {@code cdk synth} meets it: every key, the real-time ones included, is read and checked
 * before any construct exists, and every problem is reported in one message, so one synth round shows them all.
 */
class ContextValidationTest {

    @Test
    void anImportDeployMissingItsKeysReportsEveryMissingKeyAtOnce() {
        Map<String, Object> context = Synth.with(Synth.createContext(), "vpcMode", "import", "databaseMode", "import");
        ConfigurationException e = catchThrowableOfType(() -> build(context), ConfigurationException.class);
        assertThat(e).as("one error for all of them").isNotNull();
        assertThat(e.getMessage()).contains("'vpcId'", "'vpcAvailabilityZones'", "'vpcPrivateSubnetIds'",
                "vpcHasNatEgress", "'databaseEndpoint'", "'databaseSecurityGroupId'", "'databaseSecretArn'")
                .startsWith("7 context values need fixing");
    }

    @Test
    void invalidValuesOfUnrelatedKeysAreReportedTogetherWithTheRealTimeOnes() {
        Map<String, Object> context = Synth.with(Synth.createContext(), "timeoutMinutes", "16",
                "logRetentionDays", "10", "eventBatchSize", "lots", "eventMaxConcurrency", "1",
                "stripeEventSourceName", "aws.partner/example.com/x");
        assertThatThrownBy(() -> build(context)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("5 context values need fixing")
                .hasMessageContaining("'timeoutMinutes'").hasMessageContaining("'logRetentionDays'")
                .hasMessageContaining("'eventBatchSize'").hasMessageContaining("'eventMaxConcurrency'")
                .hasMessageContaining("aws.partner/stripe.com/");
    }

    @Test
    void realTimeKeysAreCheckedEvenWhenTheRealTimePathIsOff() {
        // a typo in a value must not wait until the day the path is switched on
        assertThatThrownBy(() -> build(Synth.with(Synth.createContext(), "eventLagAlarmSeconds", "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'eventLagAlarmSeconds'");
    }

    @Test
    void aSingleProblemIsReportedAsItself() {
        assertThatThrownBy(() -> build(Synth.with(Synth.createContext(), "memoryMb", "64")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Context value 'memoryMb' must be between 512 and 10240, got 64");
    }

    @Test
    void aPlanTierMapMustBeAnObjectOfTiers() {
        for (String wrong : java.util.List.of("{\"price_1\":pro}", "{\"price_1\":3}", "[\"pro\"]")) {
            assertThatThrownBy(() -> build(Synth.with(Synth.createContext(), "planTierMap", wrong))).as(wrong)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("'planTierMap'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk_live_fake_notakey", "rk_test_fake_notakey", "whsec_fake_notakey",
            "sk_test_fake_notakey"})
    void aPastedStripeKeyWhereASecretNameBelongsIsRefusedWithoutEchoingIt(String key) {
        ConfigurationException e = catchThrowableOfType(
                () -> build(Synth.with(Synth.createContext(), "stripeSecret", key)), ConfigurationException.class);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("'stripeSecret'", "Secrets Manager", "not the key itself")
                .doesNotContain(key).doesNotContain(key.substring(0, key.indexOf("_fake")) + "_fake");
    }

    @Test
    void aKeyTheStackDoesNotReadIsNamedInAWarningSoATypoDoesNotSilentlyTurnAFeatureOff() {
        Synth typo = Synth.of(Synth.with(Synth.createContext(), "webhookEndpiont", "true"));
        assertThat(typo.resources("AWS::SQS::Queue")).as("the typo switched nothing on").hasSize(1);
        assertThat(typo.annotations().findWarning("*", Match.stringLikeRegexp(".*webhookEndpiont.*")))
                .singleElement().extracting(m -> String.valueOf(m.getEntry().getData()))
                .asString().contains("not read by this stack");
    }

    @Test
    void cdksOwnContextAndEveryKeyTheConfigurationReadsRaiseNoWarning() {
        Synth plain = Synth.of(Synth.with(Synth.createContext(), "//", "a comment, as cdk.json has",
                "aws:cdk:enable-path-metadata", true, "webhookEndpoint", "false"));
        assertThat(plain.annotations().findWarning("*",
                Match.stringLikeRegexp(".*subscription-reconciler:unread-context.*|.*not read by this stack.*")))
                .isEmpty();
    }

    private static void build(Map<String, Object> context) {
        SubscriptionReconcilerApp.build(new App(AppProps.builder().context(context).build()), Synth.MODULE_DIR);
    }
}
