package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The synthesized template of each documented configuration passes cfn-lint (AWS's CloudFormation linter, which
 * checks properties, values and limits against the resource specification) with no errors, in addition to the
 * cdk-nag checks of the other tests. cfn-lint must be on the PATH ({@code pip install cfn-lint}; CI installs it):
 * a missing linter fails the test rather than skipping it.
 */
class CfnLintTest {

    static List<Arguments> configurations() {
        return List.of(
                Arguments.of("defaults (created VPC and database)", Synth.createContext()),
                Arguments.of("imported VPC and database", Synth.importContext()),
                Arguments.of("database created in an imported VPC, every opt-in", Synth.with(Synth.importContext(),
                        "databaseMode", "create", "reservedConcurrency", "1", "metricsNamespace", "Billing/Prod",
                        "databaseCaBundlePath", FirstDeployVariantsTest.CA_BUNDLE,
                        "databaseDeletionProtection", "true", "incrementalScheduleEnabled", "true",
                        "alarmEmail", "oncall@example.com", "tracing", "true")),
                Arguments.of("created VPC without the Secrets Manager endpoint", Synth.with(Synth.createContext(),
                        "createSecretsManagerEndpoint", "false", "databaseMultiAz", "true")),
                Arguments.of("real-time path, both ways in", Synth.with(Synth.importContext(),
                        "stripeEventSourceName", RealTimePathTest.SOURCE, "webhookEndpoint", "true",
                        "reservedConcurrency", "1")),
                Arguments.of("several Stripe accounts", Synth.with(Synth.importContext(), "stripeAccounts",
                        "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true},\"eu\":\"billing/stripe-eu\"}",
                        "incrementalScheduleEnabled", "true")),
                Arguments.of("several Stripe accounts, each with its own event source and webhook secret",
                        Synth.with(Synth.importContext(), "stripeAccounts", StripeAccountsStackTest.ROUTED,
                                "webhookEndpoint", "true")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void theTemplateHasNoCfnLintErrors(String name, Map<String, Object> context, @TempDir Path dir)
            throws IOException, InterruptedException {
        Synth synth = Synth.of(context);
        Path template = dir.resolve("template.json");
        Files.writeString(template, new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(synth.template().toJSON()));

        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint", "--format", "parseable", "--", template.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cfn-lint is not on the PATH. Install it with 'pip install cfn-lint'"
                    + " (.ci/run does); this check is not skipped.", e);
        }
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
        // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational; 1 means it could not run
        int code = lint.exitValue();
        assertThat(code & 1).as("cfn-lint could not lint the template:\n" + output).isZero();
        assertThat(code & 2).as("cfn-lint errors for " + name + ":\n" + output).isZero();
        assertThat(output.lines().filter(l -> l.contains(":E"))).as(name).isEmpty();
    }
}
