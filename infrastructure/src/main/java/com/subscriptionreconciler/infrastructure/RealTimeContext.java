package com.subscriptionreconciler.infrastructure;

import java.util.Optional;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.Keys;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.RealTimeConfig;

/**
 * Reads and checks the real-time path's part of the context (docs/reference.md, The real-time path). Every key is
 * read whether or not a way in is configured, so a wrong value is reported with all the others.
 */
final class RealTimeContext {

    static final String STRIPE_EVENT_SOURCE_PREFIX = "aws.partner/stripe.com/";

    private RealTimeContext() {
    }

    static RealTimeConfig read(ContextReader c) {
        Optional<String> source = c.optionalString(Keys.EVENT_SOURCE_NAME);
        source.ifPresent(name -> c.check(name.startsWith(STRIPE_EVENT_SOURCE_PREFIX), Keys.EVENT_SOURCE_NAME,
                "'" + Keys.EVENT_SOURCE_NAME + "' must be the name of Stripe's partner event source, "
                        + STRIPE_EVENT_SOURCE_PREFIX + "…: Stripe shows it on the event destination, AWS under"
                        + " Partner event sources"));
        int batchSize = c.integer(Keys.EVENT_BATCH_SIZE, 100, 1, 10_000);
        int windowSeconds = c.integer(Keys.EVENT_BATCH_WINDOW_SECONDS, 1, 0, 300);
        c.check(batchSize <= 10 || windowSeconds > 0, Keys.EVENT_BATCH_WINDOW_SECONDS, "'"
                + Keys.EVENT_BATCH_SIZE + "' above 10 needs '" + Keys.EVENT_BATCH_WINDOW_SECONDS + "' of at"
                + " least 1 (an SQS event source rule)");
        return new RealTimeConfig(
                source,
                c.bool(Keys.WEBHOOK_ENDPOINT, false),
                batchSize,
                windowSeconds,
                c.integer(Keys.EVENT_MAX_CONCURRENCY, 2, 2, 1000),
                c.integer(Keys.EVENT_MAX_RECEIVE_COUNT, 5, 1, 1000),
                c.integer(Keys.EVENT_LAG_ALARM_SECONDS, 60, 1, 86_400));
    }
}
