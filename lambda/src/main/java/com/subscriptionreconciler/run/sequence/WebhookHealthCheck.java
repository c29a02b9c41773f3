package com.subscriptionreconciler.run.sequence;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.subscriptionreconciler.incremental.WebhookHealthReader;
import com.subscriptionreconciler.incremental.WebhookHealthReading;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.Redactor;
import com.subscriptionreconciler.run.collect.StripeFailures;
import java.time.Instant;
import java.util.Optional;

/**
 * Puts webhook-delivery health into every finished run's report. It is information, not reconciliation: failing
 * to read it is a warning, unless Stripe itself is unusable (bad key, unreachable), which fails the run.
 */
final class WebhookHealthCheck {
  private final StripeClient stripe;

  WebhookHealthCheck(StripeClient stripe) {
    this.stripe = stripe;
  }

  /** What the report gets: the health when it could be read, and a warning when there is one to give. */
  record Found(Optional<RunReport.WebhookHealth> health, Optional<String> warning) {}

  Found read(Instant now) throws StripeException {
    try {
      WebhookHealthReading reading = new WebhookHealthReader(stripe).read(now);
      return new Found(Optional.ofNullable(reading.health()), reading.warning());
    } catch (StripeException e) {
      if (StripeFailures.failsTheRun(e)) {
        throw e;
      }
      return new Found(Optional.empty(),
          Optional.of("could not read webhook delivery health: " + Redactor.redact(e.getMessage())));
    }
  }
}
