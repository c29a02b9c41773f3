package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.config.Environment;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which EventBridge {@code source} the consumer takes Stripe events from. With {@code STRIPE_EVENT_SOURCE_NAME}
 * set (the stack's {@code stripeEventSourceName}), exactly that partner event source; without it, any name of the
 * shape Stripe's sources have, {@code aws.partner/stripe.com/<id>} matched whole — never by prefix, so
 * {@code aws.partner/stripe.com.evil} or {@code aws.partner/stripe.com/ed_x/extra} is refused.
 */
public final class StripeEventSources {
  public static final String VARIABLE = "STRIPE_EVENT_SOURCE_NAME";
  private static final Pattern STRIPE_SOURCE = Pattern.compile("aws\\.partner/stripe\\.com/[A-Za-z0-9_-]{1,200}");

  private final Optional<String> configured;

  private StripeEventSources(Optional<String> configured) {
    this.configured = configured;
  }

  public static StripeEventSources fromEnvironment(Environment env) {
    return new StripeEventSources(env.get(VARIABLE));
  }

  /** Any source of Stripe's shape: for runs that configure none (tests, local tools). */
  public static StripeEventSources anyStripeSource() {
    return new StripeEventSources(Optional.empty());
  }

  public boolean accepts(String source) {
    return configured.map(name -> name.equals(source)).orElseGet(() -> STRIPE_SOURCE.matcher(source).matches());
  }

  /** For messages: what was expected. */
  String expected() {
    return configured.map(name -> "'" + name + "'").orElse("aws.partner/stripe.com/<id>");
  }
}
