package com.subscriptionreconciler.lambda;

import com.subscriptionreconciler.db.LiveRowGuard;
import com.subscriptionreconciler.realtime.EventBatchConsumer;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.realtime.SqsBatches;
import com.subscriptionreconciler.observability.ReportLogView;
import com.subscriptionreconciler.observability.RunLogContext;
import com.subscriptionreconciler.observability.RunOutcomeLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS invocation of the reconciler function: the batch goes to the {@link EventBatchConsumer} over the same
 * engine (and pool, and Stripe client) as every other run; the run's report is logged like any run's, the batch's
 * metrics are emitted, and the answer is the {@code SQSBatchResponse} naming the messages to redeliver. A failure
 * before the batch could be read (configuration, secrets) fails the invocation, so SQS redelivers the whole batch.
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
    Boolean keyLivemode = StripeKeyMode.of(dependencies.config().stripe().apiKey()).livemode();
    EventBatchConsumer consumer =
        new EventBatchConsumer(dependencies.engine(), keyLivemode, runtime.eventSources());
    EventBatchConsumer.BatchOutcome outcome = consumer.consume(SqsBatches.messages(payload));
    for (var report : outcome.reports()) { // the batch's run, then any runs over its halves
      try (RunLogContext ignored = RunLogContext.bind(report.runId())) {
        outcomeLogger.log(report);
      }
    }
    LOG.info("Event batch done: {} received, {} applied, {} skipped, {} of connected accounts skipped, {} unhandled,"
        + " {} to retry", outcome.received(), outcome.applied(), outcome.skipped(), outcome.connectedAccountSkipped(),
        outcome.unhandled(), outcome.failedMessageIds().size());
    runtime.eventMetrics().record(outcome);
    return SqsBatches.response(outcome);
  }
}
