package com.subscriptionreconciler.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.emulator.AccountLimits;
import com.subscriptionreconciler.emulator.RequestCounters;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The emulator process of the benchmark: {@code StripeEmulatorMain} plus a control port, so the engine's
 * process can read the emulator's own request counters (what actually reached "Stripe", 429s included) to
 * cross-check the run report. Prints {@code BASE url} and {@code CONTROL url}, then serves until killed.
 */
public final class BenchEmulatorMain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WARM_UP_PAGES = 300;
  private static final int WARM_UP_RETRIEVES = 200;

  private BenchEmulatorMain() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of());
    AccountSpec spec = AccountSpec.from(args);
    long began = System.nanoTime();
    StripeEmulator emulator = spec.start();
    long generatedMs = Duration.ofNanos(System.nanoTime() - began).toMillis();
    warmUp(emulator);
    emulator.knobs()
        .latency(Duration.ofMillis(args.longOf("latency-ms", 250)), Duration.ofMillis(args.longOf("jitter-ms", 50)));
    AccountLimits limits = LimitProfile.parse(args.get("limits", "none")).emulated((int) args.longOf("max-in-flight", 20));
    if (limits == null) {
      emulator.knobs().rateLimit((int) args.longOf("rps", 120));
    } else {
      emulator.knobs().accountLimits(limits).retryAfterSeconds(0); // Stripe sends no Retry-After on its 429s
    }
    HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    control.createContext("/counters", exchange -> {
      byte[] body = JSON.writeValueAsBytes(snapshot(emulator.counters()));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    control.start();
    System.out.println("GENERATED " + spec.subscriptions() + " subscriptions in " + generatedMs + " ms");
    System.out.println("BASE " + emulator.baseUrl());
    System.out.println("CONTROL http://127.0.0.1:" + control.getAddress().getPort());
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /**
   * Real Stripe is never a cold JVM: before the measured runs, the emulator serves a few hundred list pages and
   * retrieves to itself (no latency yet), so its JIT warm-up does not compete with the engine's for the machine's two cores.
   * Its counters are reset afterwards, so nothing of this reaches the figures.
   */
  private static void warmUp(StripeEmulator emulator) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<String> ids = new ArrayList<>();
    String after = null;
    for (int page = 0; page < WARM_UP_PAGES; page++) {
      JsonNode list = JSON.readTree(get(http, emulator, "/v1/subscriptions?status=all&limit=100&expand[0]=data.customer"
          + (after == null ? "" : "&starting_after=" + after)));
      JsonNode data = list.path("data");
      data.forEach(s -> {
        if (ids.size() < WARM_UP_RETRIEVES) {
          ids.add(s.path("id").asText());
        }
      });
      after = list.path("has_more").asBoolean() && data.size() > 0 ? data.get(data.size() - 1).path("id").asText() : null;
    }
    // retrieves too, found and missing: orphan confirmations are retrieves
    for (String id : ids) {
      get(http, emulator, "/v1/subscriptions/" + id + "?expand[0]=customer");
      get(http, emulator, "/v1/subscriptions/" + id + "_warmup_missing?expand[0]=customer");
    }
    emulator.resetCounters();
  }

  private static String get(HttpClient http, StripeEmulator emulator, String pathAndQuery) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + pathAndQuery))
        .header("Authorization", "Bearer " + emulator.apiKey())
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static Map<String, Object> snapshot(RequestCounters counters) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", counters.totalRequests());
    out.put("throttled", counters.throttledRequests());
    out.put("throttledByReason", Map.of(
        "global-rate", counters.throttledRequests("global-rate"),
        "endpoint-rate", counters.throttledRequests("endpoint-rate"),
        "global-concurrency", counters.throttledRequests("global-concurrency")));
    out.put("writes", counters.writeAttempts());
    out.put("byEndpoint", counters.snapshot());
    out.put("processCpuMs", CpuMeter.processCpuNanos() / 1_000_000);
    return out;
  }
}
