package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test interpreter of the States Language does what Step Functions does for the features it implements, and
 * refuses everything else, so a definition that starts using a new feature fails the deployment test instead of
 * running with the feature ignored.
 */
class StatesLanguageInterpreterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aLoopOverAMapCountsWaitsAndKeepsTheDataStepFunctionsWouldKeep() throws Exception {
    String definition = """
        {"StartAt":"Items","States":{
          "Items":{"Type":"Pass","Result":["a","b"],"ResultPath":"$.items","Next":"Each"},
          "Each":{"Type":"Map","ItemsPath":"$.items","ItemSelector":{"label.$":"$$.Map.Item.Value"},
            "MaxConcurrency":1,"ResultPath":"$.done","Next":"Summary",
            "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Begin","States":{
              "Begin":{"Type":"Pass","Parameters":{"label.$":"$.label","n":0},"Next":"Call"},
              "Call":{"Type":"Task","Resource":"arn:test:count","Parameters":{"n.$":"$.n"},
                "ResultSelector":{"n.$":"$.value"},"ResultPath":"$.call","Next":"Add"},
              "Add":{"Type":"Pass","Parameters":{"label.$":"$.label","n.$":"States.MathAdd($.call.n, 1)"},
                "Next":"Enough"},
              "Enough":{"Type":"Choice","Choices":[{"And":[{"Variable":"$.n","NumericLessThan":3},
                {"Variable":"$.label","StringEquals":"a"}],"Next":"Pause"}],"Default":"Out"},
              "Pause":{"Type":"Wait","Seconds":30,"Next":"Call"},
              "Out":{"Type":"Pass","Parameters":{"label.$":"$.label","n.$":"$.n"},"End":true}}}},
          "Summary":{"Type":"Pass","Parameters":{"count.$":"States.ArrayLength($.done)",
            "hasB.$":"States.ArrayContains($.items, 'b')","done.$":"$.done"},"Next":"Ok"},
          "Ok":{"Type":"Succeed"}}}""";
    StatesLanguageInterpreter.Execution execution = new StatesLanguageInterpreter(JSON.readTree(definition),
        Map.of("arn:test:count", parameters -> JSON.createObjectNode().set("value", parameters.get("n"))))
        .execute(JSON.readTree("{}"));

    assertThat(execution.status()).isEqualTo("SUCCEEDED");
    assertThat(execution.output()).isEqualTo(JSON.readTree(
        "{\"count\":2,\"hasB\":true,\"done\":[{\"label\":\"a\",\"n\":3},{\"label\":\"b\",\"n\":1}]}"));
    assertThat(execution.waitsSkipped()).isEqualTo(2);
  }

  @Test
  void aTaskErrorIsCaughtWithResultPathNullOrFailsTheExecution() throws Exception {
    String definition = """
        {"StartAt":"Call","States":{
          "Call":{"Type":"Task","Resource":"arn:test:fail","Catch":[{"ErrorEquals":["States.ALL"],
            "ResultPath":null,"Next":"Caught"}],"Next":"Ok"},
          "Caught":{"Type":"Fail","Error":"Caught","Cause":"the task failed"},
          "Ok":{"Type":"Succeed"}}}""";
    StatesLanguageInterpreter.Execution execution = new StatesLanguageInterpreter(JSON.readTree(definition),
        Map.of("arn:test:fail", parameters -> {
          throw new StatesLanguageInterpreter.TaskFailed("IllegalStateException", "boom");
        })).execute(JSON.readTree("{}"));

    assertThat(execution.status()).isEqualTo("FAILED");
    assertThat(execution.error()).isEqualTo("Caught");
    assertThat(execution.visited()).containsExactly("Call", "Caught");
  }

  @Test
  void everyFeatureItDoesNotImplementIsRefused() {
    Map<String, String> refused = Map.of(
        "{\"Type\":\"Parallel\",\"Branches\":[],\"End\":true}", "state type Parallel",
        "{\"Type\":\"Pass\",\"InputPath\":\"$.a\",\"End\":true}", "field InputPath in S",
        "{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\"States.Format('{}', $.a)\"},\"End\":true}",
        "intrinsic States.Format",
        "{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\"$.a[0]\"},\"End\":true}", "JSONPath $.a[0]",
        "{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.a\",\"StringMatches\":\"x*\",\"Next\":\"S\"}]}",
        "choice operator StringMatches",
        "{\"Type\":\"Wait\",\"SecondsPath\":\"$.a\",\"End\":true}", "field SecondsPath in S",
        "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage\",\"End\":true}",
        "task resource arn:aws:states:::sqs:sendMessage");
    refused.forEach((state, message) -> assertThatThrownBy(() -> new StatesLanguageInterpreter(
        machine(state), Map.of()).execute(JSON.readTree("{\"a\":[\"x\"]}")))
        .as(state).isInstanceOf(StatesLanguageInterpreter.Unsupported.class).hasMessageContaining(message));
  }

  @Test
  void aRetryThatWouldFireIsRefusedRatherThanSkipped() throws Exception {
    JsonNode definition = machine("{\"Type\":\"Task\",\"Resource\":\"arn:test:throttled\",\"Retry\":[{"
        + "\"ErrorEquals\":[\"Lambda.TooManyRequestsException\"],\"IntervalSeconds\":60,\"MaxAttempts\":10,"
        + "\"BackoffRate\":1.5}],\"End\":true}");
    assertThatThrownBy(() -> new StatesLanguageInterpreter(definition, Map.of("arn:test:throttled", parameters -> {
      throw new StatesLanguageInterpreter.TaskFailed("Lambda.TooManyRequestsException", "throttled");
    })).execute(JSON.readTree("{}"))).isInstanceOf(StatesLanguageInterpreter.Unsupported.class)
        .hasMessageContaining("a retry of Lambda.TooManyRequestsException");
  }

  private static JsonNode machine(String state) {
    try {
      return JSON.readTree("{\"StartAt\":\"S\",\"States\":{\"S\":" + state + "}}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
