package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.run.ReconciliationEngine;
import com.subscriptionreconciler.run.RunRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 *   <li>a run that failed as a whole: every event in it failed, to be retried; a run with per-item errors: only the
 *       events naming an object that failed.
 * </ul>
 *
 * <p>The run is forced past the safety guard's change ratio: every object it checks was named by a change event,
 * so nearly all of them changing is the normal case, not a sign of a wrong key. The wrong-mode key is caught by
 * the mode check above.
 */
public final class EventBatchConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(EventBatchConsumer.class);

  private final ReconciliationEngine engine;
  private final Boolean keyLivemode;
  private final StripeEventSources sources;

  /** @param keyLivemode the Stripe key's mode ({@link com.subscriptionreconciler.config.StripeKeyMode#livemode()}); null checks nothing */
  public EventBatchConsumer(ReconciliationEngine engine, Boolean keyLivemode) {
    this(engine, keyLivemode, StripeEventSources.anyStripeSource());
  }

  /** @param sources the EventBridge sources whose events are taken; any other is a poison message */
  public EventBatchConsumer(ReconciliationEngine engine, Boolean keyLivemode, StripeEventSources sources) {
    this.engine = engine;
    this.keyLivemode = keyLivemode;
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
      } else if (keyLivemode != null && event.livemode() != null && !keyLivemode.equals(event.livemode())) {
        LOG.warn("Skipped event {} ({}): it is a {} event and the Stripe key is a {} key", event.eventId(),
            event.type(), mode(event.livemode()), mode(keyLivemode));
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
    Set<String> subscriptions = new LinkedHashSet<>();
    Set<String> customers = new LinkedHashSet<>();
    events.values().forEach(e -> {
      subscriptions.addAll(e.subscriptionIds());
      customers.addAll(e.customerIds());
    });
    RunReport report = engine.run(new RunRequest(RunRequest.Trigger.EVENT, RunRequest.Mode.FULL, false, true,
        List.of(), List.copyOf(customers), List.copyOf(subscriptions)));
    Set<String> failedObjects = failedObjects(report);
    boolean wholeRunFailed = !RunStatus.SUCCEEDED.wireName().equals(report.status())
        && !RunStatus.PARTIAL.wireName().equals(report.status());
    for (Map.Entry<String, EventReference> entry : events.entrySet()) {
      EventReference event = entry.getValue();
      boolean failed = wholeRunFailed
          || event.subscriptionIds().stream().anyMatch(failedObjects::contains)
          || event.customerIds().stream().anyMatch(failedObjects::contains);
      if (failed) {
        outcome.failed(entry.getKey());
      } else {
        outcome.applied(report.finishedAt().toEpochMilli() - event.created() * 1000);
      }
    }
    return outcome.build(report);
  }

  /** The Stripe ids the run's per-item errors name ({@code "error: sub_…: message"} warnings). */
  private static Set<String> failedObjects(RunReport report) {
    Set<String> ids = new LinkedHashSet<>();
    for (String warning : report.warnings()) {
      if (warning.startsWith("error: ")) {
        String subject = warning.substring("error: ".length());
        int colon = subject.indexOf(':');
        ids.add(colon < 0 ? subject : subject.substring(0, colon));
      }
    }
    return ids;
  }

  private static String mode(boolean livemode) {
    return livemode ? "live" : "test";
  }

  /** What one batch came to: the messages to redeliver, the counts and each applied event's lag. */
  public record BatchOutcome(
      List<String> failedMessageIds, int received, int applied, int skipped, int unhandled, List<Long> lagsMillis,
      RunReport report, int connectedAccountSkipped) {

    /** A batch without connected-account events. */
    public BatchOutcome(List<String> failedMessageIds, int received, int applied, int skipped, int unhandled,
        List<Long> lagsMillis, RunReport report) {
      this(failedMessageIds, received, applied, skipped, unhandled, lagsMillis, report, 0);
    }

    public BatchOutcome {
      failedMessageIds = List.copyOf(failedMessageIds);
      lagsMillis = List.copyOf(lagsMillis);
    }

    static final class Builder {
      private final int received;
      private final List<String> failed = new ArrayList<>();
      private final List<Long> lags = new ArrayList<>();
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

      void connectedAccountSkipped() {
        connectedAccountSkipped++;
      }

      void applied(long lagMillis) {
        lags.add(Math.max(0, lagMillis));
      }

      BatchOutcome build(RunReport report) {
        return new BatchOutcome(failed, received, lags.size(), skipped, unhandled, lags, report,
            connectedAccountSkipped);
      }
    }
  }
}
