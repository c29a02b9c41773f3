package com.subscriptionreconciler.incremental;

import com.stripe.StripeClient;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import java.time.Instant;
import java.util.Map;

/** An emulator on a fixed clock, production's paced client pointed at it, and a two-price catalog. */
final class EmulatedStripe implements AutoCloseable {
  static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

  final StripeEmulator emulator;
  final StripeClient client;
  final String basic;
  final String pro;

  EmulatedStripe() {
    emulator = StripeEmulator.start(EmulatorOptions.defaults().withClockStart(START.getEpochSecond()).withThreads(4));
    client =
        com.subscriptionreconciler.stripe.StripeClients.create(
                new StripeSettings(emulator.baseUrl(), Secret.of(emulator.apiKey()), 100, 2))
            .client();
    String product = account().createProduct("Plan", Map.of("plan_tier", "pro"));
    basic = account().createPrice(PriceSpec.monthly(product, "basic_monthly", 900));
    pro = account().createPrice(PriceSpec.monthly(product, "pro_monthly", 2900));
  }

  EmulatedAccount account() {
    return emulator.account();
  }

  Instant now() {
    return Instant.ofEpochSecond(account().now());
  }

  String customer(String email) {
    return account().createCustomer(CustomerSpec.of(email));
  }

  String subscription(String customerId) {
    return account().createSubscription(SubscriptionSpec.forCustomer(customerId).price(basic));
  }

  long eventListRequests() {
    return emulator.requestCount("GET /v1/events");
  }

  @Override
  public void close() {
    emulator.close();
  }
}
