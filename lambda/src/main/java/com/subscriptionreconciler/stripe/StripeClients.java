package com.subscriptionreconciler.stripe;

import com.stripe.StripeClient;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.config.StripeSettings;

/**
 * Builds the one {@link StripeClient} a run uses, wired to the pacing transport. Kept apart from the reader so
 * tests and the benchmark can point it at the emulator with exactly production's settings.
 */
public final class StripeClients {
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int READ_TIMEOUT_MS = 80_000;

  private StripeClients() {}

  public static PacedStripeClient create(StripeSettings settings) {
    RequestPacer pacer =
        new RequestPacer(settings.maxRequestsPerSecond(), settings.endpointMaxRequestsPerSecond());
    PacedHttpClient transport = new PacedHttpClient(pacer, settings.maxInFlight())
        .sandbox(StripeKeyMode.of(settings.apiKey()) == StripeKeyMode.SANDBOX);
    StripeClient client =
        StripeClient.builder()
            .setApiKey(settings.apiKey().reveal())
            .setApiBase(settings.apiBase())
            .setMaxNetworkRetries(settings.maxNetworkRetries())
            .setConnectTimeout(CONNECT_TIMEOUT_MS)
            .setReadTimeout(READ_TIMEOUT_MS)
            .setHttpClient(transport)
            .build();
    return new PacedStripeClient(client, transport);
  }

  /** The client together with its transport, whose counters the run report reads. */
  public record PacedStripeClient(StripeClient client, PacedHttpClient transport) {}
}
