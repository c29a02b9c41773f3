package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.realtime.Fixtures;
import com.subscriptionreconciler.realtime.StripeSignatures;
import com.subscriptionreconciler.testing.AccountSeeds;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code listen} with two accounts (docs/reference.md, Several Stripe accounts, Events): each account's endpoint
 * under {@code /webhook/<label>} verified with its own signing secret, and each event run on its own account.
 */
@RealDatabase
class ListenWithAccountsTest {
  private static final String EU_KEY = "sk_test_fakeListenEuKey";
  private static final String US_WEBHOOK = "whsec_test_fakeListenUsEndpoint";
  private static final String EU_WEBHOOK = "whsec_test_fakeListenEuEndpoint";

  final TestDatabase db;

  ListenWithAccountsTest(TestDatabase db) {
    this.db = db;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static HttpResponse<String> post(HttpClient http, int port, String path, String secret, String body)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .header("Stripe-Signature", StripeSignatures.header(secret, Instant.now().getEpochSecond(), body))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Object tier(String subscription) {
    return db.queryValue("SELECT plan_tier FROM subscriptions WHERE stripe_subscription_id = ?", subscription);
  }

  @Test
  void eachAccountsWebhookIsVerifiedWithItsSecretAndRunOnItsAccount() throws Exception {
    db.truncateAll();
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try (StripeEmulator emulator = StripeEmulator.start()) {
      String usSubscription = AccountSeeds.proSubscription(db, emulator.account(), 1, null);
      String euSubscription = AccountSeeds.proSubscription(db, emulator.addAccount(EU_KEY, 7), 2, "eu");
      Map<String, String> env = new HashMap<>();
      env.put("JDBC_URL", db.jdbcUrl());
      env.put("DB_USER", db.user());
      env.put("DB_PASSWORD", db.password().reveal());
      env.put("STRIPE_ACCOUNTS", "{\"us\":{\"key\":\"" + emulator.apiKey() + "\",\"default\":true,"
          + "\"webhookSecret\":\"" + US_WEBHOOK + "\"},"
          + "\"eu\":{\"key\":\"" + EU_KEY + "\",\"webhookSecret\":\"" + EU_WEBHOOK + "\"}}");
      env.put("STRIPE_API_BASE", emulator.baseUrl());
      env.put("PLAN_TIER_MAP", "{\"pro_monthly\":\"pro\"}");
      env.put("MAX_CHANGES_ABSOLUTE", "1000");
      StringWriter err = new StringWriter();
      assertThat(Main.execute(new String[] {"reconcile"}, Environment.of(env), new PrintWriter(new StringWriter()),
          new PrintWriter(err), CliSeams.defaults())).as(err.toString()).isZero();
      db.execute("UPDATE subscriptions SET plan_tier = 'free'");

      int port = freePort();
      EmulatorWebhooksEndToEndTest.ListenOutput out = new EmulatorWebhooksEndToEndTest.ListenOutput();
      Future<Integer> listen = threads.submit(() -> Main.execute(
          new String[] {"listen", "--port", Integer.toString(port), "--batch-window-ms", "20"},
          Environment.of(env), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
          CliSeams.defaults()));
      assertThat(out.listening.await(60, TimeUnit.SECONDS)).as(out.text()).isTrue();
      assertThat(out.text()).contains("each account's events on /webhook/<label> (and /<label>)");
      HttpClient http = HttpClient.newHttpClient();
      String euBody = Fixtures.text("webhook-subscription-updated.json")
          .replace("sub_1SxQpQLkdIwHu7ixUqPm3Gk2", euSubscription);

      HttpResponse<String> wrongSecret = post(http, port, "/webhook/eu", US_WEBHOOK, euBody);
      HttpResponse<String> delivered = post(http, port, "/webhook/eu", EU_WEBHOOK, euBody);

      assertThat(wrongSecret.statusCode()).as(wrongSecret.body()).isEqualTo(400);
      assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
      assertThat(out.firstBatch.await(60, TimeUnit.SECONDS)).as(out.text()).isTrue();
      assertThat(out.text()).contains("batch: account eu, 1 events, 1 applied, 0 skipped");
      assertThat(tier(euSubscription)).isEqualTo("pro");
      assertThat(tier(usSubscription)).as("the default account's row is not touched").isEqualTo("free");
      assertThat(db.query("SELECT stripe_account FROM reconciliation_runs WHERE `trigger` = 'event'"))
          .extracting(r -> r.get("stripe_account")).containsExactly("eu");
      listen.cancel(true);
    } finally {
      threads.shutdownNow();
    }
  }
}
