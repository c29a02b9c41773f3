package com.subscriptionreconciler.incremental;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import com.subscriptionreconciler.report.RunReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counts the events of the last 7 days that Stripe could not deliver to the application's webhook endpoints
 * ({@code delivery_success=false}), by type: undelivered subscription events are exactly the drift the
 * reconciler then has to repair, and a rising count means the webhook writer is broken.
 *
 * <p>All event types are counted, not just the ones incremental mode reads: a failing endpoint is worth
 * knowing about whatever it failed to receive.
 *
 * <p>{@code delivery_success=false} also matches events whose first delivery is still in flight. Events
 * younger than {@link #DEFAULT_SETTLE} are left out so a healthy endpoint reads as zero.
 *
 * <p>Bounded cost: at most {@code maxPages} requests (default {@value #DEFAULT_MAX_PAGES}, 1000 events). A
 * broken endpoint with 100k undelivered events must not eat the run's request budget; past the cap the counts
 * are lower bounds and the reading says so.
 */
public final class WebhookHealthReader {
  public static final Duration WINDOW = Duration.ofDays(7);
  public static final Duration DEFAULT_SETTLE = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_PAGES = 10;
  static final long PAGE_SIZE = 100;

  private final StripeClient client;
  private final int maxPages;
  private final Duration settle;

  public WebhookHealthReader(StripeClient client) {
    this(client, DEFAULT_MAX_PAGES, DEFAULT_SETTLE);
  }

  public WebhookHealthReader(StripeClient client, int maxPages, Duration settle) {
    this.client = Objects.requireNonNull(client, "client");
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be >= 1");
    }
    this.maxPages = maxPages;
    this.settle = Objects.requireNonNull(settle, "settle");
  }

  /** Undelivered events created in {@code [now - 7 days, now - settle]}. */
  public WebhookHealthReading read(Instant now) throws StripeException {
    EventListParams.Created created =
        EventListParams.Created.builder()
            .setGte(now.minus(WINDOW).getEpochSecond())
            .setLte(now.minus(settle).getEpochSecond())
            .build();
    Map<String, Long> byType = new TreeMap<>();
    long total = 0;
    int pages = 0;
    String after = null;
    boolean more;
    do {
      EventListParams.Builder params =
          EventListParams.builder().setDeliverySuccess(false).setCreated(created).setLimit(PAGE_SIZE);
      if (after != null) {
        params.setStartingAfter(after);
      }
      StripeCollection<Event> page = client.v1().events().list(params.build());
      pages++;
      List<Event> data = page.getData();
      for (Event event : data) {
        byType.merge(event.getType(), 1L, Long::sum);
        total++;
      }
      more = Boolean.TRUE.equals(page.getHasMore()) && !data.isEmpty();
      after = more ? data.get(data.size() - 1).getId() : null;
    } while (more && pages < maxPages);
    return new WebhookHealthReading(new RunReport.WebhookHealth(total, byType), more, pages);
  }
}
