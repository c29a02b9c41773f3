package com.subscriptionreconciler.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  /** Which account each accepted key opens: one emulator can serve several Stripe accounts, one key each. */
  private final Map<String, ApiRouter> routers = new ConcurrentHashMap<>();
  private final Knobs knobs;
  private final RequestCounters counters;
  private final ScheduledExecutorService delayer;
  private final AtomicLong requestIds = new AtomicLong();

  HttpFrontEnd(ApiRouter router, Knobs knobs, RequestCounters counters, Set<String> acceptedKeys,
      ScheduledExecutorService delayer) {
    acceptedKeys.forEach(key -> routers.put(key, router));
    this.knobs = knobs;
    this.counters = counters;
    this.delayer = delayer;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    byte[] requestBody;
    try (InputStream body = exchange.getRequestBody()) {
      requestBody = body.readAllBytes(); // drained either way, so keep-alive connections stay usable
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    long number = counters.arrive(method + " " + ApiRouter.template(path));
    exchange.getResponseHeaders().set("Request-Id", String.format("req_emu%010d", requestIds.incrementAndGet()));
    exchange.getResponseHeaders().set("Stripe-Version", JsonRenderer.API_VERSION);
    long delay = knobs.delayMillis();

    if (ApiRouter.isChange(method, path)) {
      // the test helper that stands for a change made in Stripe: not the reconciler writing, so not a write
      change(exchange, path, new String(requestBody, StandardCharsets.UTF_8), delay);
      return;
    }
    if (!method.equals("GET")) {
      // The reconciler must never write to Stripe: refuse and count, whatever else is configured.
      counters.write();
      answer(exchange, delay, new ApiError(405, "invalid_request_error", null, null,
          "The Stripe emulator is read-only: " + method + " " + path + " is refused."));
      return;
    }
    if (knobs.forbidden(method + " " + ApiRouter.template(path))) {
      answer(exchange, delay, new ApiError(403, "invalid_request_error", null, null,
          "The provided key does not have the required permissions for this endpoint (forbidden by the Stripe"
              + " emulator)."));
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
    String key = key(exchange.getRequestHeaders().getFirst("Authorization"));
    ApiError authError = authenticate(exchange.getRequestHeaders().getFirst("Authorization"), key);
    if (authError != null) {
      counters.unauthorized();
      answer(exchange, delay, authError, finished);
      return;
    }
    try {
      byte[] json = routers.get(key).get(path, QueryParams.parse(exchange.getRequestURI().getRawQuery()));
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

  private void change(HttpExchange exchange, String path, String form, long delay) {
    String key = key(exchange.getRequestHeaders().getFirst("Authorization"));
    ApiError authError = authenticate(exchange.getRequestHeaders().getFirst("Authorization"), key);
    if (authError != null) {
      counters.unauthorized();
      answer(exchange, delay, authError);
      return;
    }
    try {
      byte[] json = routers.get(key).change(path, QueryParams.parse(form));
      later(delay, () -> send(exchange, 200, json));
    } catch (ApiError e) {
      answer(exchange, delay, e);
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

  /** Another account, served to requests that send {@code key}. */
  void addAccount(String key, ApiRouter router) {
    if (routers.putIfAbsent(key, router) != null) {
      throw new IllegalArgumentException("that key already opens an account of this emulator");
    }
  }

  /** The key a request sends (Bearer, or Basic as stripe-java's older versions send it), or null. */
  private static String key(String header) {
    if (header == null) {
      return null;
    }
    if (header.startsWith("Bearer ")) {
      return header.substring(7).trim();
    }
    if (header.startsWith("Basic ")) {
      try {
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        return decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  private ApiError authenticate(String header, String key) {
    if (header == null || header.isBlank()) {
      return new ApiError(401, "invalid_request_error", null, null,
          "You did not provide an API key. You need to provide your API key in the Authorization "
              + "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    if (key != null && routers.containsKey(key)) {
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
