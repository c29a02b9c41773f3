package com.subscriptionreconciler.incremental;

import com.subscriptionreconciler.report.RunReport;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link WebhookHealthReader} found: the report's {@link RunReport.WebhookHealth}, and whether counting
 * stopped at the page cap, in which case the numbers are lower bounds and {@link #warning()} says so. The cap
 * is reported as a warning rather than inside the type map, so that every key of {@code undeliveredByType}
 * stays a real event type.
 */
public record WebhookHealthReading(RunReport.WebhookHealth health, boolean capped, int pagesRead) {
  public WebhookHealthReading {
    Objects.requireNonNull(health, "health");
  }

  /** For the report's {@code warnings} when counting stopped early; empty otherwise. */
  public Optional<String> warning() {
    if (!capped) {
      return Optional.empty();
    }
    return Optional.of(
        "webhook health: at least "
            + health.undeliveredEvents()
            + " events of the last 7 days were not delivered (stopped counting after "
            + pagesRead
            + " pages); check the webhook endpoint in the Stripe Dashboard");
  }
}
