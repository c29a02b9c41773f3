package com.subscriptionreconciler.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP edge: counts every request, applies the knobs (drop, 429, injected 5xx, latency),
 * checks the key, refuses writes, and hands GETs to the router. Latency is applied by scheduling
 * the answer, so a slow emulator never ties up a worker thread or the accept loop.
 */
final class HttpFrontEnd implements HttpHandler {

  private final ApiRouter router;
  private final Knobs knobs;
  private final RequestCounters counters;
  private final Set<String> acceptedKeys;
  private final ScheduledExecutorService delayer;
  private final AtomicLong requestIds = new AtomicLong();

  HttpFrontEnd(ApiRouter router, Knobs knobs, RequestCounters counters, Set<String> acceptedKeys,
      ScheduledExecutorService delayer) {
    this.router = router;
    this.knobs = knobs;
    this.counters = counters;
    this.acceptedKeys = Set.copyOf(acceptedKeys);
    this.delayer = delayer;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      body.readAllBytes(); // drain, so keep-alive connections stay usable
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    long number = counters.arrive(method + " " + ApiRouter.template(path));
    exchange.getResponseHeaders().set("Request-Id", String.format("req_emu%010d", requestIds.incrementAndGet()));
    exchange.getResponseHeaders().set("Stripe-Version", JsonRenderer.API_VERSION);
    long delay = knobs.delayMillis();

    if (!method.equals("GET")) {
      // The reconciler must never write to Stripe: refuse and count, whatever else is configured.
      counters.write();
      answer(exchange, delay, new ApiError(405, "invalid_request_error", null, null,
          "The Stripe emulator is read-only: " + method + " " + path + " is refused."));
      return;
    }
    switch (knobs.fate(number)) {
      case DROP -> {
        counters.dropped();
        later(delay, exchange::close); // closing before sending headers closes the socket
        return;
      }
      case FAIL -> {
        counters.injectedFailure();
        answer(exchange, delay, new ApiError(knobs.failureStatus(), "api_error", null, null,
            "An unknown error occurred (injected by the Stripe emulator)."));
        return;
      }
      case SERVE -> { }
    }
    var refusedObject = knobs.refusal(path, exchange.getRequestURI().getRawQuery());
    if (refusedObject != null) {
      counters.injectedFailure();
      answer(exchange, delay, new ApiError(refusedObject.getValue(), "invalid_request_error", null, null,
          "The provided key does not have access to " + refusedObject.getKey() + " (refused by the Stripe emulator)."));
      return;
    }
    if (!knobs.admit()) {
      refuse(exchange, delay, "global-rate", "rate_limit", knobs.rateLimitShouldRetry(),
          "Request rate limit exceeded. You can learn more about rate limits here "
              + "https://stripe.com/docs/rate-limits.");
      return;
    }
    if (knobs.lockTimeout()) {
      counters.throttled("lock_timeout");
      exchange.getResponseHeaders().set("Stripe-Should-Retry", "true");
      answer(exchange, delay, new ApiError(429, "invalid_request_error", "lock_timeout", null,
          "This object cannot be accessed right now because another API request or Stripe process is currently "
              + "accessing it. If you see this error intermittently, retry the request."));
      return;
    }
    AccountLimiter limiter = knobs.accountLimiter();
    Runnable finished = () -> { };
    if (limiter != null) {
      String template = ApiRouter.template(path);
      String query = exchange.getRequestURI().getRawQuery();
      boolean list = !template.endsWith("{id}");
      boolean expanded = query != null && query.contains("expand");
      AccountLimiter.Refusal refusal = limiter.admit(method + " " + template, liveKey(exchange), list && expanded);
      if (refusal != null) {
        refuse(exchange, delay, refusal.header, "rate_limit", knobs.rateLimitShouldRetry(),
            refusal.summary + ". You can learn more about rate limits here https://stripe.com/docs/rate-limits.");
        return;
      }
      delay += limiter.extraLatencyMillis(list ? pageSize(query) : 1, expanded);
      finished = limiter::finished;
    }
    try {
      serve(exchange, method, path, delay, finished);
    } catch (RuntimeException e) {
      finished.run();
      throw e;
    }
  }

  private void serve(HttpExchange exchange, String method, String path, long delay, Runnable finished) {
    ApiError authError = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
    if (authError != null) {
      counters.unauthorized();
      answer(exchange, delay, authError, finished);
      return;
    }
    try {
      byte[] json = router.get(path, QueryParams.parse(exchange.getRequestURI().getRawQuery()));
      later(delay, () -> {
        finished.run();
        send(exchange, 200, json);
      });
    } catch (ApiError e) {
      answer(exchange, delay, e, finished);
    } catch (RuntimeException e) {
      answer(exchange, delay, new ApiError(500, "api_error", null, null,
          "Emulator bug: " + e), finished);
    }
  }

  /** A 429 as Stripe sends it: the error body, the reason header, and the retry headers the knobs ask for. */
  private void refuse(HttpExchange exchange, long delay, String reason, String code, Boolean shouldRetry,
      String message) {
    counters.throttled(reason);
    if (shouldRetry != null) {
      exchange.getResponseHeaders().set("Stripe-Should-Retry", shouldRetry.toString());
    }
    if (knobs.retryAfterSeconds() > 0) {
      exchange.getResponseHeaders().set("Retry-After", Long.toString(knobs.retryAfterSeconds()));
    }
    exchange.getResponseHeaders().set("Stripe-Rate-Limited-Reason", reason);
    answer(exchange, delay, new ApiError(429, "invalid_request_error", code, null, message));
  }

  /** Live-mode keys ({@code sk_live_}, {@code rk_live_}) get the live limit; every other key a sandbox's. */
  private static boolean liveKey(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    String key = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
    return key.startsWith("sk_live_") || key.startsWith("rk_live_");
  }

  private static int pageSize(String query) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("limit=")) {
          try {
            return Math.min(100, Integer.parseInt(pair.substring(6)));
          } catch (NumberFormatException e) {
            return 10;
          }
        }
      }
    }
    return 10;
  }

  private ApiError authenticate(String header) {
    if (header == null || header.isBlank()) {
      return new ApiError(401, "invalid_request_error", null, null,
          "You did not provide an API key. You need to provide your API key in the Authorization "
              + "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    String key = null;
    if (header.startsWith("Bearer ")) {
      key = header.substring(7).trim();
    } else if (header.startsWith("Basic ")) {
      try {
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        key = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
      } catch (IllegalArgumentException e) {
        key = null;
      }
    }
    if (key != null && acceptedKeys.contains(key)) {
      return null;
    }
    return new ApiError(401, "invalid_request_error", null, null,
        "Invalid API Key provided: " + redact(key));
  }

  /** Like Stripe, never echo a key back whole. */
  private static String redact(String key) {
    if (key == null || key.length() < 8) {
      return "****";
    }
    return key.substring(0, Math.min(8, key.indexOf('_', 3) + 1 > 0 ? key.indexOf('_', 3) + 1 : 3))
        + "*********" + key.substring(key.length() - 4);
  }

  private void answer(HttpExchange exchange, long delay, ApiError error) {
    answer(exchange, delay, error, () -> { });
  }

  private void answer(HttpExchange exchange, long delay, ApiError error, Runnable finished) {
    byte[] json = JsonRenderer.error(error);
    later(delay, () -> {
      finished.run();
      send(exchange, error.status, json);
    });
  }

  private void later(long delayMillis, Runnable action) {
    if (delayMillis <= 0) {
      action.run();
      return;
    }
    try {
      delayer.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      action.run();
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] json) {
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, json.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(json);
      }
    } catch (IOException clientWentAway) {
      // Nothing to answer to: the client closed the connection (or timed out) first.
    } finally {
      exchange.close();
    }
  }
}
