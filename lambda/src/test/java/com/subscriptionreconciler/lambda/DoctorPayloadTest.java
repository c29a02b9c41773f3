package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.testing.CapturedOutput;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code {"doctor": true}} runs doctor's checks inside the function, with its secrets, and builds no engine. */
class DoctorPayloadTest extends HandlerTestSupport {

  @Test
  void doctorRunsWithTheFunctionsSecretsAndReportsEachCheckWithoutBuildingAnEngine() throws Exception {
    Map<String, String> env = new HashMap<>(environment());
    // nothing listens on port 9: the database and Stripe checks fail at once, as they would without a route
    env.put("DB_HOST", "127.0.0.1");
    env.put("DB_PORT", "9");
    env.put("STRIPE_API_BASE", "http://127.0.0.1:9");
    JsonNode report;
    try (CapturedOutput out = CapturedOutput.start()) {
      report = invoke(handler(env), json("{\"doctor\": true}"), out);
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
  void doctorFalseIsNotARunPayloadEither() {
    assertThatThrownBy(() -> invoke("{\"doctor\": false}")).isInstanceOf(InvalidPayloadException.class);
    assertThat(requests).isEmpty();
  }
}
