package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;

/**
 * Several Stripe accounts in one deployment ({@code stripeAccounts}): the function's {@code STRIPE_ACCOUNTS},
 * a read grant on each account's secret, and a weekly state machine that drives every account's full run to the
 * end, one account after another, each resumable as a single account's is.
 */
class StripeAccountsStackTest {

    private static final String ACCOUNTS = "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true},"
            + "\"eu\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/stripe-eu-Ab12Cd\"}";

    static final String US_SOURCE = "aws.partner/stripe.com/ed_fake_us";
    static final String EU_SOURCE = "aws.partner/stripe.com/ed_fake_eu";
    private static final String EU_WEBHOOK = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/webhook-eu-Ab12Cd";
    /** Three accounts: us and eu each with its own event source and webhook secret, uk with neither. */
    static final String ROUTED = "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true,"
            + "\"eventSource\":\"" + US_SOURCE + "\",\"webhookSecret\":\"billing/webhook-us\"},"
            + "\"eu\":{\"secretId\":\"billing/stripe-eu\",\"eventSource\":\"" + EU_SOURCE + "\","
            + "\"webhookSecret\":\"" + EU_WEBHOOK + "\"},"
            + "\"uk\":\"billing/stripe-uk\"}";

    private static Synth synth;
    private static Synth routed;
    private static JsonNode definition;

    @BeforeAll
    static void synthesize() throws Exception {
        synth = Synth.of(Synth.with(Synth.importContext(), "stripeAccounts", ACCOUNTS));
        routed = Synth.of(Synth.with(Synth.importContext(), "stripeAccounts", ROUTED, "webhookEndpoint", "true"));
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
    void cdkNagStaysCleanWithAndWithoutPerAccountRouting() {
        for (Synth each : List.of(synth, routed)) {
            assertThat(each.nagErrors()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
            assertThat(each.nagWarnings()).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
        }
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

    @Test
    void theReconcilerIsToldEachAccountsEventSource() {
        assertThat(environment(routed, ReconcilerFunction.HANDLER)).containsEntry("STRIPE_ACCOUNTS",
                "{\"us\":{\"secretId\":\"billing/stripe-us\",\"eventSource\":\"" + US_SOURCE + "\","
                        + "\"default\":true},\"eu\":{\"secretId\":\"billing/stripe-eu\",\"eventSource\":\""
                        + EU_SOURCE + "\"},\"uk\":{\"secretId\":\"billing/stripe-uk\"}}")
                .doesNotContainKey("STRIPE_EVENT_SOURCE_NAME");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachAccountsEventSourceGetsItsOwnBusAndRuleIntoTheQueue() {
        assertThat(routed.resources("AWS::Events::EventBus").values()).extracting(r -> ((Map<String, Object>)
                r.get("Properties")).get("EventSourceName")).containsExactlyInAnyOrder(US_SOURCE, EU_SOURCE);
        for (String source : List.of(US_SOURCE, EU_SOURCE)) {
            routed.template().hasResourceProperties("AWS::Events::Rule", Map.of(
                    "EventPattern", Map.of("source", List.of(source), "detail-type",
                            List.of(Map.of("prefix", "customer."), Map.of("prefix", "checkout.session."))),
                    "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Fn::GetAtt",
                            List.of("RealTimeQueueE347215B", "Arn")), "DeadLetterConfig", Match.anyValue())))));
        }
    }

    @Test
    void aSourceOnlyOnAnAccountTurnsTheRealTimePathOn() {
        Synth sourceOnly = Synth.of(Synth.with(Synth.importContext(), "stripeAccounts",
                "{\"us\":{\"secretId\":\"billing/stripe-us\",\"eventSource\":\"" + US_SOURCE + "\"}}"));
        assertThat(sourceOnly.ownResources("AWS::Lambda::EventSourceMapping")).hasSize(1);
        assertThat(sourceOnly.resources("AWS::Events::EventBus")).hasSize(1);
        assertThat(sourceOnly.ownResources("AWS::Lambda::Function")).hasSize(1);
    }

    @Test
    void theReceiverGetsLabelsDefaultAndWebhookSecretsOnlyAndReadsExactlyThoseSecrets() {
        Map<String, Object> env = environment(routed, WebhookReceiver.HANDLER);
        assertThat(env).containsEntry("STRIPE_ACCOUNTS", "{\"us\":{\"default\":true,\"webhookSecretId\":"
                        + "\"billing/webhook-us\"},\"eu\":{\"webhookSecretId\":\"" + EU_WEBHOOK + "\"},\"uk\":{}}")
                // the default names its own signing secret: the function refuses the generated one beside it
                .doesNotContainKey("STRIPE_WEBHOOK_SECRET_ID");
        List<String> readable = routed.resources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith("RealTimeReceiverRole"))
                .flatMap(e -> statements(e.getValue()).stream())
                .filter(s -> Synth.asList(s.get("Action")).contains("secretsmanager:GetSecretValue"))
                .flatMap(s -> Synth.asList(s.get("Resource")).stream()).toList();
        assertThat(readable).containsExactlyInAnyOrder(
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/webhook-us-??????", EU_WEBHOOK);
    }

    @Test
    void withoutAccountWebhookSecretsTheReceiverIsUnchanged() {
        Map<String, Object> env = environment(Synth.of(Synth.with(Synth.importContext(), "stripeAccounts", ACCOUNTS,
                "webhookEndpoint", "true")), WebhookReceiver.HANDLER);
        assertThat(env).containsKey("STRIPE_WEBHOOK_SECRET_ID").doesNotContainKey("STRIPE_ACCOUNTS");
    }

    @Test
    void aNonDefaultAccountsWebhookSecretKeepsTheGeneratedOneForTheRootPath() {
        Synth euOnly = Synth.of(Synth.with(Synth.importContext(), "webhookEndpoint", "true", "stripeAccounts",
                "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true},\"eu\":{\"secretId\":"
                        + "\"billing/stripe-eu\",\"webhookSecret\":\"billing/webhook-eu\"}}"));
        assertThat(environment(euOnly, WebhookReceiver.HANDLER)).containsKey("STRIPE_WEBHOOK_SECRET_ID")
                .containsEntry("STRIPE_ACCOUNTS", "{\"us\":{\"default\":true},\"eu\":{\"webhookSecretId\":"
                        + "\"billing/webhook-eu\"}}");
    }

    @Test
    void anAccountsSourceBesideTheSingleSourceKeepsTheSingleSourcesIds() {
        Synth both = Synth.of(Synth.with(Synth.importContext(), "stripeEventSourceName", RealTimePathTest.SOURCE,
                "stripeAccounts", "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true},\"eu\":{"
                        + "\"secretId\":\"billing/stripe-eu\",\"eventSource\":\"" + EU_SOURCE + "\"}}"));
        assertThat(both.resources("AWS::Events::EventBus")).containsKey("RealTimeStripeEventBus9E01B726").hasSize(2);
        assertThat(both.resources("AWS::Events::Rule")).containsKey("RealTimeStripeEventsToQueueBC7E59D2");
    }

    @Test
    void wrongEventSourcesAndWebhookSecretsAreRefused() {
        String eu = "\"eu\":{\"secretId\":\"billing/stripe-eu\",";
        String us = "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true},";
        for (String wrong : List.of(
                us + eu + "\"eventSource\":\"aws.partner/other.com/ed_1\"}}",
                us + eu + "\"eventSource\":7}}",
                us + eu + "\"webhookSecret\":\"bad name!\"}}",
                "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true,\"eventSource\":\"" + EU_SOURCE
                        + "\"}," + eu + "\"eventSource\":\"" + EU_SOURCE + "\"}}")) {
            assertThatThrownBy(() -> ReconcilerConfig.fromContext(
                    Synth.with(Synth.importContext(), "stripeAccounts", wrong)::get, Synth.MODULE_DIR))
                    .as(wrong).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("'stripeAccounts'");
        }
    }

    @Test
    void theDefaultsSourceIsGivenOnce() {
        assertThatThrownBy(() -> ReconcilerConfig.fromContext(Synth.with(Synth.importContext(),
                "stripeEventSourceName", RealTimePathTest.SOURCE, "stripeAccounts", "{\"us\":{\"secretId\":"
                        + "\"billing/stripe-us\",\"eventSource\":\"" + US_SOURCE + "\"}}")::get, Synth.MODULE_DIR))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("account \"us\" is the default and names an \"eventSource\" beside"
                        + " 'stripeEventSourceName'");
    }

    @Test
    void aPastedWebhookSigningSecretIsRefusedWithoutBeingRepeated() {
        String whsec = "whsec_fake_notasecret";
        assertThatThrownBy(() -> ReconcilerConfig.fromContext(Synth.with(Synth.importContext(), "stripeAccounts",
                "{\"us\":{\"secretId\":\"billing/stripe-us\",\"webhookSecret\":\"" + whsec + "\"}}")::get,
                Synth.MODULE_DIR))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'stripeAccounts'")
                .hasMessageContaining("not the key itself").hasMessageNotContaining(whsec);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Synth synth, String handler) {
        Map<String, Object> fn = synth.resources("AWS::Lambda::Function").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> handler.equals(p.get("Handler"))).findFirst().orElseThrow();
        return (Map<String, Object>) ((Map<String, Object>) fn.get("Environment")).get("Variables");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> policy) {
        Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties"))
                .get("PolicyDocument");
        return (List<Map<String, Object>>) document.get("Statement");
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
