package com.subscriptionreconciler.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Plain GETs to Stripe for {@code doctor}: the status, Stripe's error code and its {@code Date} header, which the
 * stripe-java client does not expose and retries would hide. Only GET is ever sent: doctor never writes to Stripe.
 */
final class StripeProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final String apiBase;
  private final String key;

  StripeProbe(HttpClient http, String apiBase, String key) {
    this.http = http;
    this.apiBase = apiBase;
    this.key = key;
  }

  record Answer(int status, String errorCode, Optional<Instant> date, JsonNode body) {}

  Answer get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiBase + pathAndQuery))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + key)
        .GET()
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = JSON.createObjectNode();
    }
    String code = body == null ? "" : body.path("error").path("code").asText("");
    Optional<Instant> date = response.headers().firstValue("Date").flatMap(StripeProbe::httpDate);
    return new Answer(response.statusCode(), code, date, body == null ? JSON.createObjectNode() : body);
  }

  static Optional<Instant> httpDate(String value) {
    try {
      return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
