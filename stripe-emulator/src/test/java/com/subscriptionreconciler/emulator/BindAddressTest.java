package com.subscriptionreconciler.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Loopback by default; a wildcard bind address (for containers on a Docker network, e.g. a Lambda function on
 * LocalStack) listens on every interface and still answers the API.
 */
class BindAddressTest {

  @Test
  void listensOnLoopbackUnlessToldOtherwise() {
    try (StripeEmulator emulator = StripeEmulator.start()) {
      assertThat(emulator.bindAddress().isLoopbackAddress()).isTrue();
    }
  }

  @Test
  void aWildcardBindAddressListensEverywhereAndServesTheApi() throws IOException, InterruptedException {
    try (StripeEmulator emulator =
        StripeEmulator.start(EmulatorOptions.defaults(), InetAddress.getByName("0.0.0.0"))) {
      assertThat(emulator.bindAddress().isAnyLocalAddress()).isTrue();
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/customers?limit=1"))
              .header("Authorization", "Bearer " + emulator.apiKey()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"object\":\"list\"");
    }
  }
}
