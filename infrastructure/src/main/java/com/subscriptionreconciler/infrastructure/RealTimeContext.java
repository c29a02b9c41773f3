package com.subscriptionreconciler.infrastructure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.Keys;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.RealTimeConfig;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.ReceiverConfig;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.StripeAccount;

/**
 * Reads and checks the real-time path's part of the context (docs/reference.md, The real-time path). Every key is
 * read whether or not a way in is configured, so a wrong value is reported with all the others.
 */
final class RealTimeContext {

    static final String STRIPE_EVENT_SOURCE_PREFIX = "aws.partner/stripe.com/";

    private RealTimeContext() {
    }

    /**
     * @param accounts the accounts of {@code stripeAccounts} (empty for one account); those naming an
     *                 {@code eventSource} each get their own partner event bus
     */
    static RealTimeConfig read(ContextReader c, List<StripeAccount> accounts) {
        Optional<String> source = c.optionalString(Keys.EVENT_SOURCE_NAME);
        source.ifPresent(name -> checkEventSource(c, Keys.EVENT_SOURCE_NAME, "'" + Keys.EVENT_SOURCE_NAME + "'",
                name));
        Map<String, String> accountSources = accountEventSources(c, source, accounts);
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
                // AWS's guidance for Lambda consumers of SQS: at least 5, so that deliveries Lambda could not
                // process (throttled, or a batch that failed) do not send an event to the dead-letter queue early
                c.integer(Keys.EVENT_MAX_RECEIVE_COUNT, 5, 5, 1000),
                c.integer(Keys.EVENT_LAG_ALARM_SECONDS, 60, 1, 86_400),
                receiver(c),
                accountSources);
    }

    /** Records a problem under {@code key} unless {@code name} has the shape of Stripe's partner event source. */
    static void checkEventSource(ContextReader c, String key, String what, String name) {
        c.check(name.startsWith(STRIPE_EVENT_SOURCE_PREFIX), key, what + " must be the name of Stripe's partner"
                + " event source, " + STRIPE_EVENT_SOURCE_PREFIX + "…: Stripe shows it on the event destination, AWS"
                + " under Partner event sources");
    }

    /**
     * Label to {@code eventSource} of each account naming one. A partner event source has one bus, so no source may
     * be named twice (an account's and {@code stripeEventSourceName} included); and {@code stripeEventSourceName}
     * is already the default account's source, which the function refuses to be given a second time.
     */
    private static Map<String, String> accountEventSources(ContextReader c, Optional<String> single,
                                                           List<StripeAccount> accounts) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (StripeAccount account : accounts) {
            account.eventSource().ifPresent(name -> {
                String where = "'" + Keys.STRIPE_ACCOUNTS + "': account \"" + account.label() + "\"";
                c.check(!sources.containsValue(name) && !single.equals(Optional.of(name)), Keys.STRIPE_ACCOUNTS,
                        where + ": its \"eventSource\" is already named by another account or by '"
                                + Keys.EVENT_SOURCE_NAME + "'; each account's events come from its own source");
                c.check(!account.isDefault() || single.isEmpty(), Keys.STRIPE_ACCOUNTS, where + " is the default"
                        + " and names an \"eventSource\" beside '" + Keys.EVENT_SOURCE_NAME + "' (the default's"
                        + " source): give it in one of the two");
                sources.put(account.label(), name);
            });
        }
        return Collections.unmodifiableMap(sources);
    }

    private static ReceiverConfig receiver(ContextReader c) {
        // 10 receivers answering in tens of milliseconds each take hundreds of requests a second, far above the
        // rate Stripe delivers events; at most 100, so a receiver can never hold much of an account's concurrency
        int reserved = c.integer(Keys.RECEIVER_RESERVED_CONCURRENCY, 10, 0, 100);
        return new ReceiverConfig(reserved == 0 ? Optional.empty() : Optional.of(reserved),
                percent(c, Keys.RECEIVER_4XX_ALARM_PERCENT, "10"),
                percent(c, Keys.RECEIVER_5XX_ALARM_PERCENT, "1"));
    }

    private static double percent(ContextReader c, String key, String defaultValue) {
        double value = c.decimal(key, defaultValue).doubleValue();
        c.check(value > 0 && value <= 100, key, "'" + key + "' must be a percentage above 0 and at most 100, got "
                + value);
        return value;
    }
}
