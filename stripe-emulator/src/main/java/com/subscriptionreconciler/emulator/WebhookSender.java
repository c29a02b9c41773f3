package com.subscriptionreconciler.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers the account's events as Stripe does to a webhook endpoint: {@code POST} of the event JSON with a
 * {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" under the signing secret>} header.
 * The timestamp is the wall clock (what the receiver's 300 s tolerance is checked against), not the account's
 * simulated clock. Deliveries go out on {@value #CONCURRENCY} threads of their own, so a slow endpoint never blocks
 * a change and, as with Stripe, two events may arrive in either order.
 */
final class WebhookSender implements AutoCloseable {
  private final URI target;
  private final String secret;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final int CONCURRENCY = 4;

  private final ExecutorService deliveries = Executors.newFixedThreadPool(CONCURRENCY, r -> {
    Thread t = new Thread(r, "stripe-emulator-webhooks");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  WebhookSender(URI target, String secret, Clock clock) {
    this.target = target;
    this.secret = secret;
    this.clock = clock;
  }

  void send(String eventJson) {
    deliveries.execute(() -> deliver(eventJson));
  }

  long delivered() {
    return delivered.get();
  }

  long failed() {
    return failed.get();
  }

  /** Waits until at least these many deliveries were answered 2xx and not; false when {@code timeout} ran out. */
  synchronized boolean await(long deliveredAtLeast, long failedAtLeast, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (delivered.get() < deliveredAtLeast || failed.get() < failedAtLeast) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private synchronized void answered(AtomicLong counter) {
    counter.incrementAndGet();
    notifyAll();
  }

  private void deliver(String eventJson) {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(target)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Stripe-Signature", signatureHeader(secret, timestamp, eventJson))
        .POST(HttpRequest.BodyPublishers.ofString(eventJson, StandardCharsets.UTF_8))
        .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      answered(status / 100 == 2 ? delivered : failed);
    } catch (java.io.IOException e) {
      answered(failed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stripe's scheme: {@code t=…,v1=…}. */
  static String signatureHeader(String secret, long timestamp, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public void close() {
    deliveries.shutdownNow();
  }
}
