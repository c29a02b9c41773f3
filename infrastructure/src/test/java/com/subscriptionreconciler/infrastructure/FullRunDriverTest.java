package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The state machine that drives a weekly full run across invocations until it is no longer running. */
class FullRunDriverTest {
    private static Synth synth;
    private static JsonNode definition;

    @BeforeAll
    static void synthesize() throws Exception {
        synth = Synth.of(Synth.createContext());
        definition = new ObjectMapper().readTree(
                Synth.render(synth.props("AWS::StepFunctions::StateMachine").get("DefinitionString")));
    }

    @Test
    void startsAFullScheduledRunAndResumesItWithItsRunIdWhileItIsRunning() {
        JsonNode states = definition.path("States");
        assertThat(definition.path("StartAt").asText()).isEqualTo("CheckAlone");
        assertThat(states.path("Alone").path("Default").asText()).isEqualTo("Begin");
        assertThat(states.path("Begin").path("Result").path("invocations").asInt()).isZero();
        assertThat(states.path("Begin").path("Next").asText()).isEqualTo("StartRun");

        JsonNode start = states.path("StartRun");
        assertThat(start.path("Resource").asText()).endsWith(":states:::lambda:invoke");
        assertThat(start.path("Parameters").path("FunctionName").asText()).isEqualTo("${" + functionId() + ".Arn}");
        assertThat(start.path("Parameters").path("Payload"))
                .isEqualTo(json("{\"mode\":\"full\",\"trigger\":\"schedule\"}"));
        assertThat(start.path("ResultSelector")).isEqualTo(
                json("{\"runId.$\":\"$.Payload.runId\",\"status.$\":\"$.Payload.status\"}"));
        assertThat(start.path("ResultPath").asText()).isEqualTo("$.run");
        assertThat(start.path("TimeoutSeconds").asInt()).isEqualTo(16 * 60);
        assertThat(start.path("Retry").toString()).contains("Lambda.TooManyRequestsException");

        JsonNode resume = states.path("ResumeRun");
        assertThat(resume.path("Parameters").path("Payload")).isEqualTo(json(
                "{\"mode\":\"full\",\"trigger\":\"schedule\",\"resumeRunId.$\":\"$.run.runId\"}"));
        assertThat(states.path("Pause").path("Seconds").asInt()).isEqualTo(30);
        assertThat(states.path("Pause").path("Next").asText()).isEqualTo("ResumeRun");
        assertThat(states.path("CountResume").path("Parameters").path("invocations.$").asText())
                .isEqualTo("States.MathAdd($.invocations, 1)");
        assertThat(states.path("CountResume").path("Next").asText()).isEqualTo("Finished");
        assertThat(definition.path("TimeoutSeconds").asInt()).isEqualTo(20 * 3600);
    }

    @Test
    void loopsOnlyWhileRunningAndUnderTheLimitAndFailsOnAFailedRun() {
        JsonNode finished = definition.path("States").path("Finished");
        JsonNode choices = finished.path("Choices");
        assertThat(choices).hasSize(4);
        assertThat(choices.get(0).toString()).contains("\"Variable\":\"$.run.status\"")
                .contains("\"StringEquals\":\"running\"").contains("\"NumericLessThan\":48");
        assertThat(choices.get(0).path("Next").asText()).isEqualTo("Pause");
        assertThat(choices.get(1).path("Next").asText()).isEqualTo("TooManyInvocations");
        assertThat(choices.get(2).path("StringEquals").asText()).isEqualTo("failed");
        assertThat(choices.get(2).path("Next").asText()).isEqualTo("RunFailed");
        assertThat(choices.get(3).path("StringEquals").asText()).isEqualTo("aborted");
        assertThat(choices.get(3).path("Next").asText()).as("an aborted run must not look like a success")
                .isEqualTo("RunAborted");
        assertThat(definition.path("States").path("RunAborted").path("Type").asText()).isEqualTo("Fail");
        assertThat(finished.path("Default").asText()).isEqualTo("Done");
        assertThat(definition.path("States").path("TooManyInvocations").path("Type").asText()).isEqualTo("Fail");
        assertThat(definition.path("States").path("RunFailed").path("Type").asText()).isEqualTo("Fail");
    }

    @Test
    void refusesToRunWhileAnotherExecutionOfItselfRuns() {
        String ownArn = "arn:aws:states:${Ref:AWS::Region}:${Ref:AWS::AccountId}:stateMachine:"
                + "SubscriptionReconciler-FullRun";
        assertThat(synth.props("AWS::StepFunctions::StateMachine"))
                .containsEntry("StateMachineName", "SubscriptionReconciler-FullRun");
        JsonNode check = definition.path("States").path("CheckAlone");
        assertThat(check.path("Resource").asText()).endsWith(":states:::aws-sdk:sfn:listExecutions");
        assertThat(check.path("Parameters").path("StateMachineArn").asText()).isEqualTo(ownArn);
        assertThat(check.path("Parameters").path("StatusFilter").asText()).isEqualTo("RUNNING");
        assertThat(check.path("ResultPath").asText()).isEqualTo("$.alone");
        JsonNode alone = definition.path("States").path("Alone");
        assertThat(alone.path("Choices").get(0).path("Variable").asText()).isEqualTo("$.alone.running");
        assertThat(alone.path("Choices").get(0).path("NumericGreaterThan").asInt()).isEqualTo(1);
        assertThat(alone.path("Choices").get(0).path("Next").asText()).isEqualTo("AlreadyRunning");
        assertThat(definition.path("States").path("AlreadyRunning").path("Type").asText()).isEqualTo("Fail");

        Map<String, Object> list = synth.statementWithAction("states:ListExecutions");
        assertThat(Synth.asList(list.get("Resource"))).containsExactly(ownArn);
    }

    @Test
    void carriesOnlyTheRunIdAndStatusOfEachResponse() {
        for (String task : List.of("StartRun", "ResumeRun")) {
            JsonNode state = definition.path("States").path(task);
            assertThat(state.path("ResultSelector")).as(task).isEqualTo(
                    json("{\"runId.$\":\"$.Payload.runId\",\"status.$\":\"$.Payload.status\"}"));
            assertThat(state.path("ResultPath").asText()).as(task).isEqualTo("$.run");
        }
        // the counting states rebuild the state from the count and those two fields only
        for (String count : List.of("CountStart", "CountResume")) {
            assertThat(definition.path("States").path(count).path("Parameters").fieldNames())
                    .toIterable().containsExactly("invocations.$", "run.$");
        }
    }

    @Test
    void mayInvokeExactlyTheReconcilerFunctionAndLogsEveryEventWithoutExecutionData() {
        List<Map<String, Object>> driver = synth.policyStatements().stream()
                .filter(s -> !synth.policyStatementsExcept("FullRunDriver").contains(s))
                .toList();
        Map<String, Object> invoke = driver.stream()
                .filter(s -> Synth.asList(s.get("Action")).contains("lambda:InvokeFunction")).findFirst().orElseThrow();
        assertThat(Synth.asList(invoke.get("Action"))).containsExactly("lambda:InvokeFunction");
        assertThat(Synth.asList(invoke.get("Resource")))
                .containsExactlyInAnyOrder("${" + functionId() + ".Arn}", "${" + functionId() + ".Arn}:*");
        assertThat(driver).filteredOn(s -> Synth.asList(s.get("Resource")).contains("*"))
                .flatExtracting(s -> Synth.asList(s.get("Action")))
                .isNotEmpty()
                .allMatch(a -> a.startsWith("logs:"));

        Map<String, Object> logging = (Map<String, Object>) synth.props("AWS::StepFunctions::StateMachine")
                .get("LoggingConfiguration");
        assertThat(logging).containsEntry("Level", "ALL").containsEntry("IncludeExecutionData", false);
        assertThat(Synth.render(((Map<?, ?>) ((List<?>) logging.get("Destinations")).get(0)).toString()))
                .contains("FullRunDriverLogGroup");
        // vended-logs prefix: no entry in the account's size-limited CloudWatch Logs resource policy
        synth.template().hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/vendedlogs/states/SubscriptionReconciler-FullRun", "RetentionInDays", 90));
    }

    @Test
    void theWeeklyRuleMayStartExactlyThisStateMachine() {
        Map<String, Object> start = synth.policyStatements().stream()
                .filter(s -> Synth.asList(s.get("Action")).contains("states:StartExecution")).findFirst().orElseThrow();
        assertThat(Synth.asList(start.get("Action"))).containsExactly("states:StartExecution");
        assertThat(Synth.asList(start.get("Resource")))
                .containsExactly("${Ref:" + synth.logicalId("AWS::StepFunctions::StateMachine") + "}");
    }

    @Test
    void failedAndTimedOutExecutionsAlarmOnTheStacksTopic() {
        for (String metric : List.of("ExecutionsFailed", "ExecutionsTimedOut")) {
            Map<String, Object> alarm = synth.alarm("FullRun" + metric);
            assertThat(alarm).containsEntry("Namespace", "AWS/States").containsEntry("MetricName", metric)
                    .containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold");
            assertThat(alarm.get("AlarmActions"))
                    .isEqualTo(List.of(Map.of("Ref", synth.logicalId("AWS::SNS::Topic"))));
            assertThat(alarm.get("Dimensions").toString()).contains("StateMachineArn");
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String functionId() {
        return synth.logicalId("AWS::Lambda::Function");
    }
}
