package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The payload edges a careless or hostile caller meets, through the real stream handler: nothing runs unless the
 * payload means exactly one thing.
 */
class StrictPayloadTest extends HandlerTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Throwable refused(String payload) {
    Throwable thrown = catchThrowable(() -> invoke(payload));
    assertThat(thrown).isInstanceOf(InvalidPayloadException.class);
    assertThat(requests).as("nothing was run").isEmpty();
    assertThat(secretsManager.calls()).as("no secret read").isZero();
    return thrown;
  }

  private static String scheduledEvent() throws IOException {
    try (InputStream in = StrictPayloadTest.class.getResourceAsStream("/events/scheduled_event_real_run.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aFieldNamedTwiceIsRefusedInsteadOfTheLastOneWinning() {
    assertThat(refused("{\"mode\":\"full\",\"dryRun\":true,\"dryRun\":false}"))
        .hasMessage("field 'dryRun' appears more than once: name each field once (which one was meant cannot be"
            + " guessed)");
    assertThat(refused("{\"subscriptionIds\":[\"sub_A\"],\"subscriptionIds\":[]}"))
        .hasMessageStartingWith("field 'subscriptionIds' appears more than once");
  }

  @Test
  void aScheduledEventThatAlsoSetsARunSettingIsRefusedNeverRunWithoutIt() throws IOException {
    ObjectNode event = (ObjectNode) JSON.readTree(scheduledEvent());
    event.put("dryRun", true);
    event.put("mode", "incremental");

    assertThat(refused(event.toString())).hasMessage("a scheduled event (\"source\":\"aws.events\") is always a"
        + " plain full run, but this one also sets mode, dryRun, which would be ignored: give the rule an input"
        + " payload instead, e.g. {\"trigger\":\"schedule\",\"dryRun\":true}");
  }

  @Test
  void thePlainScheduledEventWithItsOwnAccountFieldStillRuns() throws IOException {
    invoke(scheduledEvent());

    assertThat(requests).containsExactly(RunRequest.full(Trigger.SCHEDULE));
  }

  @Test
  void idsMustHaveStripesShape() {
    assertThat(refused("{\"subscriptionIds\":[\"sub_\"]}"))
        .hasMessage("subscriptionIds[0] is not a Stripe id (expected sub_ followed by letters and digits)");
    assertThat(refused("{\"subscriptionIds\":[\"sub_ok\",\"sub_x'; DROP TABLE subscriptions;--\"]}"))
        .hasMessage("subscriptionIds[1] is not a Stripe id (expected sub_ followed by letters and digits)");
    assertThat(refused("{\"subscriptionIds\":[\"sub_" + "a".repeat(251) + "\"]}"))
        .hasMessageStartingWith("subscriptionIds[0] is not a Stripe id");
    assertThat(refused("{\"customerIds\":[\"sk_live_fake_pasted_key\"]}"))
        .hasMessage("customerIds[0] is not a Stripe id (expected cus_ or acct_ followed by letters and digits)")
        .hasMessageNotContaining("sk_live_fake_pasted_key");
  }

  @Test
  void customerIdsAcceptAccountsActingAsCustomers() throws IOException {
    invoke("{\"customerIds\":[\"cus_NffrFeUfNV2Hib\",\"acct_1Nv0FGQ9RKHgCVdK\"],"
        + "\"subscriptionIds\":[\"sub_" + "a".repeat(250) + "\"]}");

    assertThat(requests).containsExactly(new RunRequest(Trigger.MANUAL, Mode.FULL, false, false, List.of(),
        List.of("cus_NffrFeUfNV2Hib", "acct_1Nv0FGQ9RKHgCVdK"), List.of("sub_" + "a".repeat(250))));
  }

  @Test
  void atMostAThousandIdsInAll() throws IOException {
    ObjectNode payload = JSON.createObjectNode();
    ArrayNode subscriptions = payload.putArray("subscriptionIds");
    for (int i = 0; i < 999; i++) {
      subscriptions.add("sub_" + i);
    }
    payload.putArray("organizationIds").add(1);
    invoke(payload.toString());
    assertThat(requests).hasSize(1);
    requests.clear();

    payload.withArray("customerIds").add("cus_one");
    Throwable thrown = catchThrowable(() -> invoke(payload.toString()));
    assertThat(requests).isEmpty();
    assertThat(thrown).isInstanceOf(InvalidPayloadException.class).hasMessage("a targeted run names at most 1000 ids in all"
        + " (organizationIds, customerIds and subscriptionIds together), this payload names 1001: split it into"
        + " several invocations, or run a full run");
  }
}
