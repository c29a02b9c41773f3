package com.subscriptionreconciler.realtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of rejected webhook requests, bounded so that a flood of anonymous requests cannot flood the logs (and
 * the CloudWatch Logs bill): at most one WARN line per {@link #WINDOW} per receiver, the first rejection of the
 * window, saying how many were left out since the previous line. The rest go to DEBUG. Every rejection is still
 * counted where it cannot be suppressed: the function URL's 4xx count, which the stack alarms on.
 */
final class RejectionLog {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

  /** Long enough to bound a flood to one line a minute, short enough that a wrong secret shows at once. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  private final Clock clock;
  private Instant windowStart;
  private long leftOut;

  RejectionLog(Clock clock) {
    this.clock = clock;
  }

  void rejected(String reason) {
    Instant now = clock.instant();
    long leftOutBefore;
    synchronized (this) {
      if (windowStart != null && now.isBefore(windowStart.plus(WINDOW))) {
        leftOut++;
        LOG.debug("Webhook request rejected, nothing enqueued: {}", reason);
        return;
      }
      leftOutBefore = leftOut;
      windowStart = now;
      leftOut = 0;
    }
    if (leftOutBefore == 0) {
      LOG.warn("Webhook request rejected, nothing enqueued: {}", reason);
    } else {
      LOG.warn("Webhook request rejected, nothing enqueued: {} ({} more rejected since the last such line, not"
          + " logged)", reason, leftOutBefore);
    }
  }
}
