package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.Subscription;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.realtime.EventBatchConsumer;
import com.subscriptionreconciler.realtime.LocalListener;
import com.subscriptionreconciler.realtime.WebhookVerifier;
import com.subscriptionreconciler.run.Engine;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * The demo's last step: the real-time path on the demo's own emulator and database. The emulator signs and POSTs
 * its webhook for a change made in "Stripe"; the local listener verifies it, queues it, and a targeted run writes
 * the row. Prints how long the change took to reach the database.
 */
final class RealTimeDemo {
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(10);

  private RealTimeDemo() {}

  /** @return true when the change reached the database */
  static boolean show(Engine engine, StripeEmulator emulator, DataSource dataSource, PrintWriter out)
      throws InterruptedException {
    out.println("== 4. Real time: a change in Stripe, pushed as a signed webhook ==");
    Subscription target = emulator.account().subscriptions()
        .filter(s -> s.status() == SubscriptionStatus.ACTIVE)
        .filter(s -> quantity(dataSource, s.id()) != null)
        .findFirst().orElse(null);
    if (target == null) {
      out.println("(no active subscription to change; skipped)");
      return true;
    }
    long quantity = quantity(dataSource, target.id());
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String secret = "whsec_" + HexFormat.of().formatHex(random);
    // event times are the account's clock: bring it to now, so the lag is measured against real time
    emulator.account().setNow(Math.max(emulator.account().now(), Instant.now().getEpochSecond()));
    try (LocalListener listener = LocalListener.start(0, new WebhookVerifier(List.of(Secret.of(secret)),
        Clock.systemUTC()), new EventBatchConsumer(engine, StripeKeyMode.SANDBOX),
        new LocalListener.Batching(100, Duration.ofMillis(20)), outcome -> { })) {
      emulator.sendWebhooks("http://127.0.0.1:" + listener.port() + "/webhook", secret);
      // twice: the first change also pays for this JVM's first webhook connection and first event run
      for (String which : List.of("first", "second")) {
        long before = quantity;
        quantity = before + 1;
        long millis = changeAndWait(emulator, dataSource, target.id(), quantity);
        if (millis < 0) {
          emulator.stopWebhooks();
          out.printf("The change to %s did not reach the database within %d s.%n", target.id(),
              GIVE_UP_AFTER.toSeconds());
          out.flush();
          return false;
        }
        out.printf("%s change: quantity of %s set from %d to %d in Stripe; the signed webhook was verified, queued"
            + " and reconciled, and the database had it %d ms later.%n",
            which.equals("first") ? "First" : "Second", target.id(), before, quantity, millis);
      }
      emulator.stopWebhooks();
      out.println();
      out.flush();
      return true;
    }
  }

  /** @return milliseconds until the row shows {@code quantity}, or -1 after {@link #GIVE_UP_AFTER} */
  private static long changeAndWait(StripeEmulator emulator, DataSource dataSource, String subscriptionId,
      long quantity) throws InterruptedException {
    long start = System.nanoTime();
    emulator.account().changeQuantity(subscriptionId, quantity);
    long deadline = start + GIVE_UP_AFTER.toNanos();
    while (!java.util.Objects.equals(quantity(dataSource, subscriptionId), quantity)) {
      if (System.nanoTime() > deadline) {
        return -1;
      }
      Thread.sleep(2);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static Long quantity(DataSource dataSource, String subscriptionId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT quantity FROM subscriptions WHERE stripe_subscription_id = ?")) {
      statement.setString(1, subscriptionId);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long value = rs.getLong(1);
        return rs.wasNull() ? null : value;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("demo: cannot read the subscription back: " + e.getMessage(), e);
    }
  }
}
