package com.subscriptionreconciler.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the emulator process's request counters through {@link BenchEmulatorMain}'s control port. */
final class EmulatorControl {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String LIST = "GET /v1/subscriptions";
  static final String RETRIEVE = "GET /v1/subscriptions/{id}";

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI counters;

  EmulatorControl(String controlUrl) {
    this.counters = URI.create(controlUrl + "/counters");
  }

  /** What reached the emulator between two snapshots. */
  record Counts(long total, long throttled, long writes, long lists, long retrieves, long cpuMs) {
    Counts minus(Counts before) {
      return new Counts(total - before.total, throttled - before.throttled, writes - before.writes,
          lists - before.lists, retrieves - before.retrieves, cpuMs - before.cpuMs);
    }

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("total", total);
      m.put("throttled", throttled);
      m.put("writes", writes);
      m.put("lists", lists);
      m.put("retrieves", retrieves);
      m.put("cpuMs", cpuMs);
      return m;
    }
  }

  @SuppressWarnings("unchecked")
  Counts read() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(counters).GET().build(), HttpResponse.BodyHandlers.ofString());
    Map<String, Object> m = JSON.readValue(response.body(), Map.class);
    Map<String, Object> byEndpoint = (Map<String, Object>) m.get("byEndpoint");
    return new Counts(num(m.get("total")), num(m.get("throttled")), num(m.get("writes")),
        num(byEndpoint.get(LIST)), num(byEndpoint.get(RETRIEVE)), num(m.get("processCpuMs")));
  }

  private static long num(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }
}
