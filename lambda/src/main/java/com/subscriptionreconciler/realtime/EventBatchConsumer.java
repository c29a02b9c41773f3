package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.run.RunRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one batch of queue messages into ONE targeted reconciliation (trigger {@code event}) of every subscription
 * and customer the batch names, and says which messages must come back:
 *
 * <ul>
 *   <li>a message that is not an event (poison): failed, so SQS redelivers it and, after the queue's
 *       {@code maxReceiveCount}, moves it to the dead-letter queue;
 *   <li>an event of a Stripe Connect account ({@code account} on the event): never reconciled with the platform's
 *       key, whose account does not hold its objects (a retrieve would answer {@code resource_missing} and archive
 *       the platform's row with that id) — acknowledged, logged with the account id, counted
 *       ({@code ConnectedAccountEventsSkipped});
 *   <li>an event of the other mode than the Stripe key: skipped with a warning, acknowledged;
 *   <li>an event naming nothing we reconcile (unhandled type): acknowledged and counted;
 *   <li>the same object named twice (duplicates, replays, out-of-order updates): read from Stripe once, since the
 *       run re-reads current state rather than applying any event's snapshot;
 *   <li>a run with per-item errors (one object Stripe refused, a write the database refused): only the events
 *       naming an object that failed ({@link RunReport#itemErrors()});
 *   <li>a run that failed or was aborted as a whole: the events are split in halves and each half is run again,
 *       within this invocation, so one poison object cannot take the good events beside it along. A failure that
 *       is not about the events (Stripe or the database unreachable) fails both halves: splitting then stops and
 *       every event of the failed part is returned for retry. A half the safety guard aborts is split further, down
 *       to single events.
 * </ul>
 *
 * <p>The run is exempt from the safety guard's change ratio only: every object it checks was named by a change
 * event, so nearly all of them changing is the normal case, not a sign of a wrong key. It keeps
 * {@code MAX_CHANGES_ABSOLUTE}. The wrong-mode key is caught by the mode check above.
 */
public final class EventBatchConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(EventBatchConsumer.class);

  private final Engine engine;
  private final StripeKeyMode keyMode;
  private final StripeEventSources sources;

  /** @param keyMode the Stripe key's mode: an event of the other mode is skipped (an unknown key skips none) */
  public EventBatchConsumer(Engine engine, StripeKeyMode keyMode) {
    this(engine, keyMode, StripeEventSources.anyStripeSource());
  }

  /** @param sources the EventBridge sources whose events are taken; any other is a poison message */
  public EventBatchConsumer(Engine engine, StripeKeyMode keyMode, StripeEventSources sources) {
    this.engine = engine;
    this.keyMode = keyMode;
    this.sources = sources;
  }

  /** One queue message: its id (for the batch response) and body. */
  public record QueuedMessage(String messageId, String body) {}

  public BatchOutcome consume(List<QueuedMessage> messages) {
    BatchOutcome.Builder outcome = new BatchOutcome.Builder(messages.size());
    Map<String, EventReference> events = new LinkedHashMap<>();
    for (QueuedMessage message : messages) {
      EventReference event;
      try {
        event = QueueMessages.read(message.body(), sources);
      } catch (MalformedEventException e) {
        LOG.warn("Queue message {} is not a Stripe event; it will be retried, then dead-lettered: {}",
            message.messageId(), e.getMessage());
        outcome.poison(message.messageId());
        continue;
      }
      if (event.account() != null) {
        // The hook for Stripe Connect: a deployment configured to reconcile this connected account would route the
        // event to that account's run here. None is, so the platform key must not read it: acknowledge and count.
        LOG.warn("Skipped event {} ({}) of connected account {}: its objects are in that account, not the one"
            + " this Stripe key reads", event.eventId(), event.type(), event.account());
        outcome.connectedAccountSkipped();
      } else if (event.livemode() != null && !keyMode.sendsEventsOf(event.livemode())) {
        LOG.warn("Skipped event {} ({}): it is a {} event and the Stripe key is a {} key", event.eventId(),
            event.type(), mode(event.livemode()), mode(!event.livemode()));
        outcome.skipped();
      } else if (event.namesNothing()) {
        LOG.info("Acknowledged event {} of unhandled type {}", event.eventId(), event.type());
        outcome.unhandled();
      } else {
        events.put(message.messageId(), event);
      }
    }
    if (events.isEmpty()) {
      return outcome.build(null);
    }
    List<Map.Entry<String, EventReference>> all = List.copyOf(events.entrySet());
    RunReport whole = reconcile(all, outcome);
    if (wholeRunFailed(whole)) {
      if (all.size() > 1) {
        LOG.warn("The run over all {} events came out {}: retrying them in halves", all.size(),
            whole.status().wireName());
      }
      splitAndRetry(all, whole, outcome);
    }
    return outcome.build(whole);
  }

  /** One targeted event run over these events; records the events it settled (applied, or failed per item). */
  private RunReport reconcile(List<Map.Entry<String, EventReference>> events, BatchOutcome.Builder outcome) {
    Set<String> subscriptions = new LinkedHashSet<>();
    Set<String> customers = new LinkedHashSet<>();
    events.forEach(e -> {
      subscriptions.addAll(e.getValue().subscriptionIds());
      customers.addAll(e.getValue().customerIds());
    });
    RunReport report = engine.run(new RunRequest(Trigger.EVENT, Mode.FULL, false, false,
        List.of(), List.copyOf(customers), List.copyOf(subscriptions)));
    if (wholeRunFailed(report)) {
      return report;
    }
    Set<String> failedObjects = new HashSet<>();
    report.itemErrors().stream().map(RunReport.ItemError::stripeId).filter(Objects::nonNull)
        .forEach(failedObjects::add);
    for (Map.Entry<String, EventReference> entry : events) {
      EventReference event = entry.getValue();
      boolean failed = event.subscriptionIds().stream().anyMatch(failedObjects::contains)
          || event.customerIds().stream().anyMatch(failedObjects::contains);
      if (failed) {
        outcome.failed(entry.getKey());
      } else {
        outcome.applied(report.finishedAt().toEpochMilli() - event.created() * 1000);
      }
    }
    return report;
  }

  /**
   * Runs each half of events whose run failed as a whole. A half that fails again is split further when the other
   * half went through (the cause is in it) or when the guard aborted it (a smaller half changes fewer rows);
   * when both halves fail, the failure is not about the events, and they are all returned for retry.
   */
  private void splitAndRetry(
      List<Map.Entry<String, EventReference>> events, RunReport failed, BatchOutcome.Builder outcome) {
    if (events.size() == 1) {
      LOG.warn("Event {} failed on its own ({}); it will be retried", events.get(0).getValue().eventId(),
          failed.status().wireName());
      outcome.failed(events.get(0).getKey());
      return;
    }
    List<Map.Entry<String, EventReference>> first = events.subList(0, events.size() / 2);
    List<Map.Entry<String, EventReference>> second = events.subList(events.size() / 2, events.size());
    RunReport firstReport = outcome.retried(reconcile(first, outcome));
    RunReport secondReport = outcome.retried(reconcile(second, outcome));
    boolean firstFailed = wholeRunFailed(firstReport);
    boolean secondFailed = wholeRunFailed(secondReport);
    if (firstFailed && secondFailed && !abortedByGuard(firstReport) && !abortedByGuard(secondReport)) {
      LOG.warn("Both halves of {} events failed as a whole ({}): not about the events; all will be retried",
          events.size(), Objects.requireNonNullElse(firstReport.error(), firstReport.status().wireName()));
      events.forEach(e -> outcome.failed(e.getKey()));
      return;
    }
    if (firstFailed) {
      splitAndRetry(first, firstReport, outcome);
    }
    if (secondFailed) {
      splitAndRetry(second, secondReport, outcome);
    }
  }

  private static boolean wholeRunFailed(RunReport report) {
    return report.status() != RunStatus.SUCCEEDED && report.status() != RunStatus.PARTIAL;
  }

  private static boolean abortedByGuard(RunReport report) {
    return report.status() == RunStatus.ABORTED;
  }

  private static String mode(boolean livemode) {
    return livemode ? "live" : "test";
  }

  /** What one batch came to: the messages to redeliver, the counts and each applied event's lag. */
  public record BatchOutcome(
      List<String> failedMessageIds, int received, int applied, int skipped, int unhandled, List<Long> lagsMillis,
      RunReport report, int connectedAccountSkipped, List<RunReport> retries) {

    /** A batch without retries in halves. */
    public BatchOutcome(List<String> failedMessageIds, int received, int applied, int skipped, int unhandled,
        List<Long> lagsMillis, RunReport report, int connectedAccountSkipped) {
      this(failedMessageIds, received, applied, skipped, unhandled, lagsMillis, report, connectedAccountSkipped,
          List.of());
    }

    public BatchOutcome {
      failedMessageIds = List.copyOf(failedMessageIds);
      lagsMillis = List.copyOf(lagsMillis);
      retries = retries == null ? List.of() : List.copyOf(retries);
    }

    /** A batch without connected-account events or retries in halves. */
    public BatchOutcome(
        List<String> failedMessageIds, int received, int applied, int skipped, int unhandled, List<Long> lagsMillis,
        RunReport report) {
      this(failedMessageIds, received, applied, skipped, unhandled, lagsMillis, report, 0, List.of());
    }

    /** The batch's run, then the runs over its halves: every run this batch made. */
    public List<RunReport> reports() {
      List<RunReport> all = new ArrayList<>();
      if (report != null) {
        all.add(report);
      }
      all.addAll(retries);
      return all;
    }

    static final class Builder {
      private final int received;
      private final List<String> failed = new ArrayList<>();
      private final List<Long> lags = new ArrayList<>();
      private final List<RunReport> retries = new ArrayList<>();
      private int skipped;
      private int unhandled;
      private int connectedAccountSkipped;

      Builder(int received) {
        this.received = received;
      }

      void poison(String messageId) {
        failed.add(messageId);
      }

      void failed(String messageId) {
        failed.add(messageId);
      }

      void skipped() {
        skipped++;
      }

      void unhandled() {
        unhandled++;
      }

      RunReport retried(RunReport report) {
        retries.add(report);
        return report;
      }

      void connectedAccountSkipped() {
        connectedAccountSkipped++;
      }

      void applied(long lagMillis) {
        lags.add(Math.max(0, lagMillis));
      }

      BatchOutcome build(RunReport report) {
        return new BatchOutcome(failed, received, lags.size(), skipped, unhandled, lags, report,
            connectedAccountSkipped, retries);
      }
    }
  }
}
