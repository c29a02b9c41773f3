package com.subscriptionreconciler.lambda;

import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.db.LiveRowGuard;
import com.subscriptionreconciler.observability.ReportLogView;
import com.subscriptionreconciler.observability.RunLogContext;
import com.subscriptionreconciler.observability.RunOutcomeLogger;
import com.subscriptionreconciler.realtime.EventBatchConsumer;
import com.subscriptionreconciler.realtime.EventRouter;
import com.subscriptionreconciler.realtime.RoutedEventBatches;
import com.subscriptionreconciler.realtime.SqsBatches;
import com.subscriptionreconciler.realtime.StripeEventSources;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS invocation of the reconciler function: the batch goes to the {@link EventBatchConsumer} over the same
 * engine (and pool, and Stripe client) as every other run; the run's report is logged like any run's, the batch's
 * metrics are emitted, and the answer is the {@code SQSBatchResponse} naming the messages to redeliver. A failure
 * before the batch could be read (configuration, secrets) fails the invocation, so SQS redelivers the whole batch.
 *
 * <p>With {@code STRIPE_ACCOUNTS} the batch is first split by account ({@link EventRouter}) and each part is
 * consumed on its own account's engine ({@link RoutedEventBatches}): one run per account per batch, each logged
 * and measured with its account.
 */
final class EventBatchInvocation {
  private static final Logger LOG = LoggerFactory.getLogger(EventBatchInvocation.class);

  private final LambdaRuntime runtime;
  private final RunOutcomeLogger outcomeLogger = new RunOutcomeLogger(ReportLogView.defaults());

  EventBatchInvocation(LambdaRuntime runtime) {
    this.runtime = runtime;
  }

  byte[] handle(byte[] payload) {
    LambdaRuntime.Dependencies dependencies = runtime.dependencies();
    LiveRowGuard.require(dependencies.config().database(), dependencies.config().schemaMap());
    Optional<EventRouter> router = runtime.eventRouter();
    if (router.isPresent()) {
      return SqsBatches.response(routed(router.get(), SqsBatches.messages(payload)));
    }
    EventBatchConsumer.BatchOutcome outcome =
        consumer(dependencies, runtime.eventSources()).consume(SqsBatches.messages(payload));
    logReport(outcome);
    LOG.info("Event batch done: {} received, {} applied, {} skipped, {} of connected accounts skipped, {} unhandled,"
        + " {} to retry", outcome.received(), outcome.applied(), outcome.skipped(), outcome.connectedAccountSkipped(),
        outcome.unhandled(), outcome.failedMessageIds().size());
    runtime.eventMetrics().record(outcome);
    return SqsBatches.response(outcome);
  }

  /** Each account's part on its own engine; the ids of every message to redeliver. */
  private List<String> routed(EventRouter router, List<EventBatchConsumer.QueuedMessage> messages) {
    RoutedEventBatches batches = new RoutedEventBatches(router, account -> {
      LambdaRuntime.Dependencies dependencies = runtime.dependencies(Optional.of(account));
      return consumer(dependencies, router.sourcesOf(account));
    });
    List<RoutedEventBatches.Part> parts = batches.consume(messages);
    for (RoutedEventBatches.Part part : parts) {
      EventBatchConsumer.BatchOutcome outcome = part.outcome();
      logReport(outcome);
      if (part.account() == null) {
        runtime.eventMetrics().record(outcome);
        continue;
      }
      LOG.info("Event batch part of account {} done: {} received, {} applied, {} skipped, {} of connected accounts"
          + " skipped, {} unhandled, {} to retry", part.account(), outcome.received(), outcome.applied(),
          outcome.skipped(), outcome.connectedAccountSkipped(), outcome.unhandled(), outcome.failedMessageIds().size());
      runtime.eventMetrics().record(outcome, part.account());
    }
    return RoutedEventBatches.failedMessageIds(parts);
  }

  private static EventBatchConsumer consumer(LambdaRuntime.Dependencies dependencies, StripeEventSources sources) {
    StripeKeyMode keyMode = StripeKeyMode.of(dependencies.config().stripe().apiKey());
    return new EventBatchConsumer(dependencies.engine(), keyMode, sources);
  }

  private void logReport(EventBatchConsumer.BatchOutcome outcome) {
    for (var report : outcome.reports()) { // the batch's run, then any runs over its halves
      try (RunLogContext ignored = RunLogContext.bind(report.runId())) {
        outcomeLogger.log(report);
      }
    }
  }
}
