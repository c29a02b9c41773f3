package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The real-time path on one machine with no Stripe account, as docs/reference.md tells a newcomer to try it: the
 * {@code emulator} command sends signed webhooks to {@code listen}, and a change made through the emulator's test
 * helper reaches the real database through the receiver, the queue and an event run.
 */
@RealDatabase
class EmulatorWebhooksEndToEndTest {
  private static final String SECRET = "whsec_test_EmulatorToListen_5e6f7a8b9c";
  private static final Pattern CURL = Pattern.compile("curl -sS -X POST (\\S+/v1/test_helpers/subscriptions/(sub_\\w+)"
      + "/change) -u (\\S+): -d quantity=5");

  final TestDatabase db;

  EmulatorWebhooksEndToEndTest(TestDatabase db) {
    this.db = db;
  }

  /** {@code listen}'s stdout: counts down when it is listening, and on its first {@code batch:} line. */
  static final class ListenOutput extends Writer {
    final StringBuilder text = new StringBuilder();
    final CountDownLatch listening = new CountDownLatch(1);
    final CountDownLatch firstBatch = new CountDownLatch(1);

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
      text.append(buffer, offset, length);
      if (text.indexOf("Listening on ") >= 0) {
        listening.countDown();
      }
      if (text.indexOf("batch: ") >= 0) {
        firstBatch.countDown();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    synchronized String text() {
      return text.toString();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aChangeMadeInTheEmulatorReachesTheDatabaseThroughASignedWebhookAndListen() throws Exception {
    db.truncateAll();
    int listenPort = freePort();
    ExecutorService listenThread = Executors.newSingleThreadExecutor();
    try {
      EmulatorCommandTest.whileServing(List.of("--port", "0", "--subscriptions", "3", "--seed", "11",
          "--webhook-url", "http://127.0.0.1:" + listenPort + "/webhook", "--webhook-secret", SECRET), printed -> {
            assertThat(printed).contains("Sending each change as a signed webhook to http://127.0.0.1:" + listenPort
                + "/webhook").doesNotContain(SECRET);
            Map<String, String> env = new java.util.HashMap<>(EmulatorCommandTest.exports(printed));
            env.put("JDBC_URL", db.jdbcUrl());
            env.put("DB_USER", db.user());
            env.put("DB_PASSWORD", db.password().reveal());
            env.put("STRIPE_WEBHOOK_SECRET", SECRET);
            env.put("MAX_CHANGES_ABSOLUTE", "1000");
            Matcher curl = CURL.matcher(printed);
            assertThat(curl.find()).as(printed).isTrue();
            String sub = curl.group(2);
            String basicAuth = "Basic " + Base64.getEncoder()
                .encodeToString((curl.group(3) + ":").getBytes(StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newHttpClient();

            // the subscription's customer is an organization of the application; a first full run mirrors it
            String subscription = http.send(HttpRequest.newBuilder(URI.create(env.get("STRIPE_API_BASE")
                    + "/v1/subscriptions/" + sub)).header("Authorization", basicAuth).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            Matcher customer = Pattern.compile("\"customer\":\"(cus_\\w+)\"").matcher(subscription);
            assertThat(customer.find()).as(subscription).isTrue();
            db.execute("INSERT INTO organizations (id, name, stripe_customer_id) VALUES (1, 'Acme', ?)",
                customer.group(1));
            Cli.Result reconcile = Cli.real(env, "reconcile");
            assertThat(reconcile.exit()).as(reconcile.err()).isZero();
            Object before = db.queryValue("SELECT quantity FROM subscriptions WHERE stripe_subscription_id = ?", sub);
            assertThat(before).isNotNull().isNotEqualTo(5L);

            ListenOutput listenOut = new ListenOutput();
            listenThread.submit(() -> Main.execute(
                new String[] {"listen", "--port", Integer.toString(listenPort), "--batch-window-ms", "20"},
                Environment.of(env), new PrintWriter(listenOut, true), new PrintWriter(new StringWriter(), true),
                CliSeams.defaults()));
            assertThat(listenOut.listening.await(60, TimeUnit.SECONDS)).as("listen started").isTrue();

            // the printed curl, made with the JDK's client
            HttpResponse<String> changed = http.send(HttpRequest.newBuilder(URI.create(curl.group(1)))
                    .header("Authorization", basicAuth)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("quantity=5")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(changed.body()).contains("\"id\":\"" + sub + "\"", "\"quantity\":5");

            assertThat(listenOut.firstBatch.await(60, TimeUnit.SECONDS)).as(listenOut.text()).isTrue();
            assertThat(listenOut.text()).contains("batch: 1 events, 1 applied");
            assertThat(db.queryValue("SELECT quantity FROM subscriptions WHERE stripe_subscription_id = ?", sub))
                .isEqualTo(5L);
            assertThat(db.query("SELECT status FROM reconciliation_runs WHERE `trigger` = 'event'"))
                .isEqualTo(List.of(Map.of("status", "succeeded")));
          });
    } finally {
      listenThread.shutdownNow();
    }
  }
}
