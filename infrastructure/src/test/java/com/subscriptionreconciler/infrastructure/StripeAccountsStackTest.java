package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several Stripe accounts in one deployment ({@code stripeAccounts}): the function's {@code STRIPE_ACCOUNTS},
 * a read grant on each account's secret, and a weekly state machine that drives every account's full run to the
 * end, one account after another, each resumable as a single account's is.
 */
class StripeAccountsStackTest {

    private static final String ACCOUNTS = "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true},"
            + "\"eu\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/stripe-eu-Ab12Cd\"}";

    private static Synth synth;
    private static JsonNode definition;

    @BeforeAll
    static void synthesize() throws Exception {
        synth = Synth.of(Synth.with(Synth.importContext(), "stripeAccounts", ACCOUNTS));
        definition = new ObjectMapper().readTree(
                Synth.render(synth.props("AWS::StepFunctions::StateMachine").get("DefinitionString")));
    }

    @Test
    void theFunctionGetsStripeAccountsWithSecretIdsAndOneDefaultAndNoSingleSecret() {
        assertThat(synth.environment())
                .containsEntry("STRIPE_ACCOUNTS", "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true},"
                        + "\"eu\":{\"secretId\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
                        + "billing/stripe-eu-Ab12Cd\"}}")
                .doesNotContainKey("STRIPE_SECRET_ID");
    }

    @Test
    void eachAccountsSecretIsReadableAndNoOther() {
        assertThat(Synth.asList(synth.statement("ReadReconcilerSecrets").get("Resource"))).containsExactlyInAnyOrder(
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-AbC123",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/stripe-us-??????",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/stripe-eu-Ab12Cd");
    }

    @Test
    void theStateMachineRunsEveryAccountOneAfterAnother() {
        JsonNode states = definition.path("States");
        assertThat(states.path("Alone").path("Default").asText()).isEqualTo("Accounts");
        assertThat(states.path("Accounts").path("Result")).isEqualTo(json("[\"us\",\"eu\"]"));
        assertThat(states.path("Accounts").path("ResultPath").asText()).isEqualTo("$.accounts");
        JsonNode each = states.path("EachAccount");
        assertThat(each.path("Type").asText()).isEqualTo("Map");
        assertThat(each.path("ItemsPath").asText()).isEqualTo("$.accounts");
        assertThat(each.path("MaxConcurrency").asInt()).isEqualTo(1);
        assertThat(each.path("ItemSelector")).isEqualTo(json("{\"account.$\":\"$$.Map.Item.Value\"}"));
    }

    @Test
    void eachIterationIsTheResumableLoopWithTheAccountInEveryPayload() {
        JsonNode inner = definition.path("States").path("EachAccount").path("ItemProcessor").path("States");
        assertThat(inner.path("StartRun").path("Parameters").path("Payload")).isEqualTo(
                json("{\"mode\":\"full\",\"trigger\":\"schedule\",\"account.$\":\"$.account\"}"));
        assertThat(inner.path("ResumeRun").path("Parameters").path("Payload")).isEqualTo(json(
                "{\"mode\":\"full\",\"trigger\":\"schedule\",\"account.$\":\"$.account\","
                        + "\"resumeRunId.$\":\"$.run.runId\"}"));
        assertThat(inner.path("CountResume").path("Parameters").fieldNames()).toIterable()
                .containsExactly("account.$", "invocations.$", "run.$");
        assertThat(inner.path("Finished").path("Choices").get(0).path("Next").asText()).isEqualTo("Pause");
        assertThat(inner.path("Pause").path("Next").asText()).isEqualTo("ResumeRun");
        assertThat(inner.path("StartRun").path("Retry").toString()).contains("Lambda.TooManyRequestsException");
    }

    @Test
    void oneAccountsFailureLetsTheOthersRunThenFailsTheExecution() {
        JsonNode inner = definition.path("States").path("EachAccount").path("ItemProcessor").path("States");
        for (String terminal : List.of("AccountRunFailed", "AccountRunAborted", "AccountTooManyInvocations",
                "AccountDone")) {
            assertThat(inner.path(terminal).path("Type").asText()).as(terminal).isEqualTo("Pass");
        }
        assertThat(inner.path("StartRun").path("Catch").get(0).path("Next").asText()).isEqualTo("AccountRunFailed");
        JsonNode states = definition.path("States");
        assertThat(states.path("EachAccount").path("ResultPath").asText()).isEqualTo("$.outcomes");
        assertThat(states.path("Outcomes").path("Parameters").path("failed.$").asText())
                .isEqualTo("States.ArrayContains($.outcomes, 'RunFailed')");
        assertThat(states.path("AllSucceeded").path("Default").asText()).isEqualTo("Done");
        for (String fail : List.of("RunFailed", "RunAborted", "TooManyInvocations")) {
            assertThat(states.path(fail).path("Type").asText()).as(fail).isEqualTo("Fail");
            assertThat(states.path(fail).path("Error").asText()).isEqualTo(fail);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void incrementalRunsCoverEveryAccount() {
        Synth incremental = Synth.of(Synth.with(Synth.importContext(), "stripeAccounts", ACCOUNTS,
                "incrementalScheduleEnabled", "true"));
        Map<String, Object> rule = incremental.resources("AWS::Events::Rule").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> "rate(1 hour)".equals(p.get("ScheduleExpression")))
                .findFirst().orElseThrow();
        assertThat(((List<Map<String, Object>>) rule.get("Targets"))).extracting(t -> t.get("Input"))
                .containsExactly("{\"mode\":\"incremental\",\"trigger\":\"schedule\",\"account\":\"us\"}",
                        "{\"mode\":\"incremental\",\"trigger\":\"schedule\",\"account\":\"eu\"}");
    }

    @Test
    void cdkNagStaysClean() {
        assertThat(synth.nagErrors()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
        assertThat(synth.nagWarnings()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    @Test
    void aSingleAccountIsItsOwnDefault() {
        Synth one = Synth.of(Synth.with(Synth.importContext(), "stripeAccounts", Map.of("us", "billing/stripe-us")));
        assertThat(one.environment()).containsEntry("STRIPE_ACCOUNTS",
                "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true}}");
    }

    @Test
    void wrongAccountsAreRefusedAtSynthWithTheOtherProblems() {
        for (String wrong : List.of("[\"us\"]", "{}", "{\"US\":\"billing/stripe\"}",
                "{\"us\":\"billing/stripe-us\",\"eu\":\"billing/stripe-eu\"}",
                "{\"us\":{\"secretId\":\"a\",\"default\":true},\"eu\":{\"secretId\":\"b\",\"default\":true}}",
                "{\"us\":{\"secret\":\"billing/stripe-us\",\"default\":true}}",
                "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":\"yes\"}}")) {
            assertThatThrownBy(() -> ReconcilerConfig.fromContext(
                    Synth.with(Synth.importContext(), "stripeAccounts", wrong, "memoryMb", "1")::get,
                    Synth.MODULE_DIR))
                    .as(wrong).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("2 context values need fixing")
                    .hasMessageContaining("'stripeAccounts'");
        }
    }

    @Test
    void aPastedKeyInAnAccountIsRefusedWithoutBeingRepeated() {
        String key = "rk_live_fake_notakey";
        assertThatThrownBy(() -> ReconcilerConfig.fromContext(Synth.with(Synth.importContext(), "stripeAccounts",
                "{\"us\":\"" + key + "\"}")::get, Synth.MODULE_DIR))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'stripeAccounts'")
                .hasMessageContaining("not the key itself").hasMessageNotContaining(key);
    }

    @Test
    void stripeSecretAndStripeAccountsTogetherAreAConflict() {
        assertThatThrownBy(() -> ReconcilerConfig.fromContext(Synth.with(Synth.importContext(), "stripeAccounts",
                ACCOUNTS, "stripeSecret", "billing/stripe")::get, Synth.MODULE_DIR))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'stripeSecret'").hasMessageContaining("'stripeAccounts'");
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
