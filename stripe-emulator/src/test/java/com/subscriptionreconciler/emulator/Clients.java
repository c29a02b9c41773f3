package com.subscriptionreconciler.emulator;

import com.stripe.StripeClient;

/** The real stripe-java client pointed at an emulator. */
final class Clients {
  private Clients() {}

  static StripeClient client(StripeEmulator emulator, int retries) {
    return StripeClient.builder()
        .setApiKey(emulator.apiKey())
        .setApiBase(emulator.baseUrl())
        .setMaxNetworkRetries(retries)
        .build();
  }

  static StripeClient client(StripeEmulator emulator) {
    return client(emulator, 0);
  }
}
