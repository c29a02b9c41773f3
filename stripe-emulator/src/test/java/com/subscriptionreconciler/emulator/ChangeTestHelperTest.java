package com.subscriptionreconciler.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/test_helpers/subscriptions/{id}/change}: the emulator's one write, standing for a change made in
 * Stripe. It records the events Stripe would, and it is not counted as the reconciler writing.
 */
class ChangeTestHelperTest {
  private StripeEmulator emulator;
  private String sub;
  private String otherPrice;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    emulator = StripeEmulator.start();
    EmulatedAccount account = emulator.account();
    String product = account.createProduct("prod_pro", "Pro", Map.of());
    String price = account.createPrice(PriceSpec.monthly(product, "pro_monthly", 4900).withId("price_pro"));
    otherPrice = account.createPrice(PriceSpec.monthly(product, "team_monthly", 9900).withId("price_team"));
    sub = account.createSubscription(SubscriptionSpec.forCustomer(account.createCustomer("a@example.com", Map.of()))
        .price(price).status(SubscriptionStatus.ACTIVE));
    emulator.resetCounters();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> change(String id, String form, String key) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create(emulator.baseUrl() + "/v1/test_helpers/subscriptions/" + id + "/change"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (key != null) {
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aChangeIsAppliedRecordsItsEventsAndIsNotAReconcilerWrite() throws Exception {
    HttpResponse<String> response = change(sub, "price=" + otherPrice + "&quantity=3&status=past_due", emulator.apiKey());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Subscription changed = emulator.account().findSubscription(sub).orElseThrow();
    assertThat(changed.items().get(0).priceId()).isEqualTo("price_team");
    assertThat(changed.items().get(0).quantity()).isEqualTo(3);
    assertThat(changed.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(emulator.account().events("customer.subscription.updated")).hasSize(3);
    assertThat(emulator.writeAttempts()).isZero();

    assertThat(change(sub, "cancel=now", emulator.apiKey()).statusCode()).isEqualTo(200);
    assertThat(emulator.account().findSubscription(sub).orElseThrow().status()).isEqualTo(SubscriptionStatus.CANCELED);
    assertThat(emulator.account().events("customer.subscription.deleted")).hasSize(1);
  }

  @Test
  void badChangesAreRefusedAsStripeWouldAndChangeNothing() throws Exception {
    assertThat(change(sub, "quantity=3", null).statusCode()).isEqualTo(401);
    assertThat(change("sub_nope", "quantity=3", emulator.apiKey()).statusCode()).isEqualTo(404);
    HttpResponse<String> unknown = change(sub, "colour=blue", emulator.apiKey());
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("Received unknown parameter: colour");
    assertThat(change(sub, "", emulator.apiKey()).body()).contains("Nothing to change");
    assertThat(change(sub, "quantity=0", emulator.apiKey()).statusCode()).isEqualTo(400);
    assertThat(change(sub, "status=canceled", emulator.apiKey()).body()).contains("cancel=now");
    assertThat(change(sub, "price=price_nope", emulator.apiKey()).statusCode()).isEqualTo(404);

    assertThat(emulator.account().findSubscription(sub).orElseThrow().items().get(0).quantity()).isEqualTo(1);
    assertThat(emulator.account().events("customer.subscription.updated")).isEmpty();
  }
}
