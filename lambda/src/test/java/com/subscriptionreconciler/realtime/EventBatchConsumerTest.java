package com.subscriptionreconciler.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.realtime.EventBatchConsumer.BatchOutcome;
import com.subscriptionreconciler.realtime.EventBatchConsumer.QueuedMessage;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.run.RunRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The consumer's retry-in-halves policy on a fake engine: which runs it makes, and which messages it returns. The
 * same policy on the real engine, database and emulator is in EventBatchIntegrationTest.
 */
class EventBatchConsumerTest {
  private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

  /** An engine whose runs come out as {@code outcome} says for the subscriptions they name; records every run. */
  private static final class FakeEngine implements Engine {
    final List<List<String>> runs = new ArrayList<>();
    final Function<List<String>, String> outcome;
    final List<String> refused;

    FakeEngine(Function<List<String>, String> outcome, List<String> refused) {
      this.outcome = outcome;
      this.refused = refused;
    }

    @Override
    public RunReport run(RunRequest request) {
      List<String> named = request.subscriptionIds();
      runs.add(named);
      String status = outcome.apply(named);
      List<RunReport.ItemError> errors = named.stream().filter(refused::contains)
          .map(id -> RunReport.ItemError.ofStripeObject("subscription", id, "refused")).toList();
      if (status.equals("succeeded") && !errors.isEmpty()) {
        status = "partial";
      }
      return new RunReport("r-" + runs.size(), Trigger.EVENT, Mode.FULL, false,
          RunStatus.fromWireName(status).orElseThrow(), AT, AT, 0, 0, named.size(), 0, 0, 0,
          0, 0, errors.size(), Map.of(), 0, List.of(), List.of(), status.equals("aborted") ? "guard" : null, null,
          status.equals("failed") ? "boom" : null, null, null, null, errors);
    }
  }

  private static List<QueuedMessage> messages(String... subscriptions) {
    List<QueuedMessage> messages = new ArrayList<>();
    for (String sub : subscriptions) {
      messages.add(new QueuedMessage("m-" + sub, QueueMessages.write(new EventReference("evt_" + sub,
          "customer.subscription.updated", AT.getEpochSecond(), false, List.of(sub), List.of()))));
    }
    return messages;
  }

  @Test
  void aPerItemErrorFailsOnlyItsMessagesWithoutAnotherRun() {
    FakeEngine engine = new FakeEngine(named -> "succeeded", List.of("sub_b"));

    BatchOutcome outcome = new EventBatchConsumer(engine, StripeKeyMode.SANDBOX)
        .consume(messages("sub_a", "sub_b", "sub_c"));

    assertThat(outcome.failedMessageIds()).containsExactly("m-sub_b");
    assertThat(outcome.applied()).isEqualTo(2);
    assertThat(engine.runs).hasSize(1);
  }

  @Test
  void aPoisonObjectIsFoundByHalvingAndOnlyItsMessageComesBack() {
    FakeEngine engine = new FakeEngine(named -> named.contains("sub_f") ? "failed" : "succeeded", List.of());

    BatchOutcome outcome =
        new EventBatchConsumer(engine, StripeKeyMode.SANDBOX).consume(messages("sub_a", "sub_b", "sub_c", "sub_d", "sub_e", "sub_f"));

    assertThat(outcome.failedMessageIds()).containsExactly("m-sub_f");
    assertThat(outcome.applied()).isEqualTo(5);
    assertThat(engine.runs).containsExactly(
        List.of("sub_a", "sub_b", "sub_c", "sub_d", "sub_e", "sub_f"),
        List.of("sub_a", "sub_b", "sub_c"), List.of("sub_d", "sub_e", "sub_f"),
        List.of("sub_d"), List.of("sub_e", "sub_f"),
        List.of("sub_e"), List.of("sub_f"));
    assertThat(outcome.retries()).hasSize(6);
  }

  @Test
  void whenBothHalvesFailTheFailureIsNotAboutTheEventsAndSplittingStops() {
    FakeEngine engine = new FakeEngine(named -> "failed", List.of());

    BatchOutcome outcome = new EventBatchConsumer(engine, StripeKeyMode.SANDBOX).consume(messages("sub_a", "sub_b", "sub_c", "sub_d"));

    assertThat(outcome.failedMessageIds()).containsExactlyInAnyOrder("m-sub_a", "m-sub_b", "m-sub_c", "m-sub_d");
    assertThat(engine.runs).hasSize(3);
  }

  @Test
  void halvesTheGuardAbortsAreSplitDownToSingleEvents() {
    FakeEngine engine = new FakeEngine(named -> named.size() > 1 ? "aborted" : "succeeded", List.of());

    BatchOutcome outcome = new EventBatchConsumer(engine, StripeKeyMode.SANDBOX).consume(messages("sub_a", "sub_b", "sub_c", "sub_d"));

    assertThat(outcome.failedMessageIds()).isEmpty();
    assertThat(outcome.applied()).isEqualTo(4);
    assertThat(engine.runs).hasSize(7); // the batch, two halves, four singles
  }

  @Test
  void aSingleEventThatFailsIsReturnedWithoutRetrying() {
    FakeEngine engine = new FakeEngine(named -> "failed", List.of());

    BatchOutcome outcome = new EventBatchConsumer(engine, StripeKeyMode.SANDBOX).consume(messages("sub_a"));

    assertThat(outcome.failedMessageIds()).containsExactly("m-sub_a");
    assertThat(engine.runs).hasSize(1);
  }

  @Test
  void anEventOfTheOtherModeIsSkippedUnlessTheKeysModeIsUnknown() {
    List<QueuedMessage> liveEvent = List.of(new QueuedMessage("m-live", QueueMessages.write(new EventReference(
        "evt_live", "customer.subscription.updated", AT.getEpochSecond(), true, List.of("sub_live"), List.of()))));

    FakeEngine sandbox = new FakeEngine(named -> "succeeded", List.of());
    BatchOutcome skipped = new EventBatchConsumer(sandbox, StripeKeyMode.SANDBOX).consume(liveEvent);
    FakeEngine live = new FakeEngine(named -> "succeeded", List.of());
    BatchOutcome applied = new EventBatchConsumer(live, StripeKeyMode.LIVE).consume(liveEvent);
    FakeEngine unknown = new FakeEngine(named -> "succeeded", List.of());
    BatchOutcome unchecked = new EventBatchConsumer(unknown, StripeKeyMode.UNKNOWN).consume(liveEvent);

    assertThat(sandbox.runs).isEmpty();
    assertThat(skipped.skipped()).isEqualTo(1);
    assertThat(skipped.failedMessageIds()).isEmpty(); // acknowledged: redelivering cannot make it the key's mode
    assertThat(live.runs).containsExactly(List.of("sub_live"));
    assertThat(applied.applied()).isEqualTo(1);
    assertThat(unknown.runs).containsExactly(List.of("sub_live"));
    assertThat(unchecked.skipped()).isZero();
  }
}
