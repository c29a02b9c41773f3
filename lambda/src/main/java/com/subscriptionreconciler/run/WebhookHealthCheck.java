package com.subscriptionreconciler.run;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.subscriptionreconciler.incremental.WebhookHealthReader;
import com.subscriptionreconciler.incremental.WebhookHealthReading;
import java.time.Instant;

/**
 * Puts webhook-delivery health into every finished run's report. It is information, not reconciliation: failing
 * to read it is a warning, unless Stripe itself is unusable (bad key, unreachable), which fails the run.
 */
final class WebhookHealthCheck {
  private final StripeClient stripe;

  WebhookHealthCheck(StripeClient stripe) {
    this.stripe = stripe;
  }

  void read(Instant now, RunReportBuilder report) throws StripeException {
    try {
      WebhookHealthReading reading = new WebhookHealthReader(stripe).read(now);
      report.webhookHealth(reading.health());
      reading.warning().ifPresent(report::warning);
    } catch (StripeException e) {
      if (StripeFailures.failsTheRun(e)) {
        throw e;
      }
      report.warning("could not read webhook delivery health: " + Redactor.redact(e.getMessage()));
    }
  }
}
