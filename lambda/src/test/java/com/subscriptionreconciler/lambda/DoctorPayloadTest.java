package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.testing.CapturedOutput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code {"doctor": true}} runs doctor's checks inside the function, with its secrets, and builds no engine. */
class DoctorPayloadTest extends HandlerTestSupport {

  @Test
  void doctorRunsWithTheFunctionsSecretsAndReportsEachCheckWithoutBuildingAnEngine() throws Exception {
    JsonNode report;
    try (CapturedOutput out = CapturedOutput.start()) {
      report = invoke(handler(unreachable()), json("{\"doctor\": true}"), out);
      assertThat(out.raw()).doesNotContain(STRIPE_KEY).doesNotContain(DB_PASSWORD);
    }

    assertThat(report.get("passed").asBoolean()).isFalse();
    Map<String, String> status = new HashMap<>();
    report.get("checks").forEach(c -> status.put(c.get("name").asText(), c.get("status").asText()));
    // the secrets came from Secrets Manager, so the configuration loads
    assertThat(status).containsEntry("configuration", "pass").containsEntry("database", "fail")
        .containsEntry("stripe", "fail");
    assertThat(report.toString()).doesNotContain(STRIPE_KEY).doesNotContain(DB_PASSWORD);
    assertThat(configs).isEmpty();
    assertThat(requests).isEmpty();
  }

  @Test
  void doctorReportsTheEffectiveSchemaMapEvenWhenTheDatabaseCannotBeReached() throws Exception {
    Map<String, String> env = unreachable();
    env.put("SCHEMA_MAP", "{\"organizations\":{\"table\":\"accounts\",\"columns\":{\"id\":\"account_id\","
        + "\"plan_tier\":\"tier\"}},\"subscriptions\":{\"columns\":{\"stripe_subscription_id\":\"stripe_sub_id\"}}}");
    JsonNode report;
    List<JsonNode> logLines;
    try (CapturedOutput out = CapturedOutput.start()) {
      report = invoke(handler(env), json("{\"doctor\": true}"), out);
      logLines = out.logLines();
    }

    // every logical name with the physical one the function uses: mapped ones renamed, the rest as they are
    String expected = """
        {"organizations":{"table":"accounts","columns":{"id":"account_id","name":"name",\
        "stripe_customer_id":"stripe_customer_id","plan_tier":"tier","subscription_status":"subscription_status",\
        "last_reconciled_at":"last_reconciled_at"}},\
        "subscriptions":{"table":"subscriptions","columns":{"id":"id","organization_id":"organization_id",\
        "stripe_subscription_id":"stripe_sub_id","stripe_customer_id":"stripe_customer_id",\
        "stripe_price_id":"stripe_price_id","plan_tier":"plan_tier","status":"status","quantity":"quantity",\
        "current_period_start":"current_period_start","current_period_end":"current_period_end",\
        "cancel_at_period_end":"cancel_at_period_end","cancel_at":"cancel_at","canceled_at":"canceled_at",\
        "ended_at":"ended_at","trial_start":"trial_start","trial_end":"trial_end","metadata":"metadata",\
        "archived_at":"archived_at","archive_reason":"archive_reason","last_reconciled_at":"last_reconciled_at",\
        "version":"version","created_at":"created_at"}}}""";
    assertThat(report.get("schemaMap").toString()).isEqualTo(expected);
    assertThat(report.get("passed").asBoolean()).isFalse();
    JsonNode finished = logLines.stream()
        .filter(l -> l.path("message").asText().startsWith("Doctor finished")).findFirst().orElseThrow();
    assertThat(finished.get("schemaMap").toString()).isEqualTo(expected);
  }

  @Test
  void withoutASchemaMapDoctorReportsTheProductsOwnNames() throws Exception {
    JsonNode report = invoke("{\"doctor\": true}");
    assertThat(report.at("/schemaMap/organizations/table").asText()).isEqualTo("organizations");
    assertThat(report.at("/schemaMap/subscriptions/columns/stripe_subscription_id").asText())
        .isEqualTo("stripe_subscription_id");
    assertThat(report.at("/schemaMap/subscriptions/columns").has("stripe_account")).isFalse();
  }

  @Test
  void aSchemaMapThatDoesNotParseIsReportedAsNullBesideTheFailedConfigurationCheck() throws Exception {
    Map<String, String> env = new HashMap<>(environment());
    env.put("SCHEMA_MAP", "{\"organizations\":{\"table\":\"app.accounts\"}}");
    JsonNode report;
    try (CapturedOutput out = CapturedOutput.start()) {
      report = invoke(handler(env), json("{\"doctor\": true}"), out);
    }
    assertThat(report.get("schemaMap").isNull()).isTrue();
    assertThat(report.get("checks").get(0).get("name").asText()).isEqualTo("configuration");
    assertThat(report.get("checks").get(0).get("detail").asText()).contains("SCHEMA_MAP: organizations.table");
  }

  /** Nothing listens on port 9: the database and Stripe checks fail at once, as they would without a route. */
  private Map<String, String> unreachable() {
    Map<String, String> env = new HashMap<>(environment());
    env.put("DB_HOST", "127.0.0.1");
    env.put("DB_PORT", "9");
    env.put("STRIPE_API_BASE", "http://127.0.0.1:9");
    return env;
  }

  @Test
  void doctorFalseIsNotARunPayloadEither() {
    assertThatThrownBy(() -> invoke("{\"doctor\": false}")).isInstanceOf(InvalidPayloadException.class);
    assertThat(requests).isEmpty();
  }
}
