package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.report.RunReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookHealthReadingTest {
  private static final RunReport.WebhookHealth HEALTH =
      new RunReport.WebhookHealth(1200, Map.of("customer.subscription.updated", 1200L));

  @Test
  void aCompleteCountNeedsNoWarning() {
    assertThat(new WebhookHealthReading(HEALTH, false, 3).warning()).isEmpty();
  }

  @Test
  void aCappedCountSaysItIsALowerBound() {
    assertThat(new WebhookHealthReading(HEALTH, true, 10).warning()).contains(
        "webhook health: at least 1200 events of the last 7 days were not delivered (stopped counting after 10 "
            + "pages); check the webhook endpoint in the Stripe Dashboard");
  }
}
