package com.subscriptionreconciler.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.realtime.EventQueue;
import com.subscriptionreconciler.realtime.SqsEventQueue;
import com.subscriptionreconciler.realtime.WebhookReceiver;
import com.subscriptionreconciler.realtime.WebhookSecretCache;
import com.subscriptionreconciler.realtime.WebhookEndpoints;
import com.subscriptionreconciler.secrets.SecretsManagerClientFactory;
import com.subscriptionreconciler.secrets.SecretsManagerSecretSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The public webhook receiver's Lambda entry point
 * ({@code com.subscriptionreconciler.lambda.WebhookReceiverHandler::handleRequest}), behind a function URL; it
 * sends to the queue named by {@code EVENT_QUEUE_URL} and has no database, no Stripe key and no VPC. See
 * {@link WebhookReceiver} for the answers.
 *
 * <p>With {@code STRIPE_ACCOUNTS}, each account also has its endpoint {@code /<label>}, verified by its own signing
 * secret ({@link WebhookEndpoints}); the variable is parsed when the handler is built, and no Stripe key is read.
 *
 * <p>Building it reads no secret: the path and method of every request are checked before any secret is read, the
 * signing secret is read through a {@link WebhookSecretCache} (a TTL, failures remembered briefly, a rate-limited
 * re-read after a mismatch), and the queue client is built on the first verified event. Every request gets an
 * answer; none fails the invocation, so anonymous traffic never shows in the function's {@code Errors}.
 */
public final class WebhookReceiverHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final WebhookReceiver receiver;

  /** Used by Lambda: the process environment, the real Secrets Manager and SQS clients. */
  public WebhookReceiverHandler() {
    this(Environment.system(), Clock.systemUTC());
  }

  /** The test seam: an explicit environment (endpoints, credentials, secret and queue settings) and clock. */
  public WebhookReceiverHandler(Environment env, Clock clock) {
    var secretsManager = new SecretsManagerSecretSource(() -> SecretsManagerClientFactory.create(env));
    Memoized<SqsEventQueue> queue = new Memoized<>(() -> SqsEventQueue.fromEnvironment(env));
    EventQueue lazyQueue = event -> queue.get().send(event);
    // with STRIPE_ACCOUNTS, also one path per account (/eu), each with its own signing secret
    this.receiver = new WebhookReceiver(WebhookEndpoints.of(env, secretsManager, clock, List.of("/"),
        loader -> new WebhookSecretCache(loader, clock)), lazyQueue, clock);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent request, Context context) {
    WebhookReceiver.Response response =
        receiver.receive(method(request), request.getRawPath(), header(request, "stripe-signature"), body(request));
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody(response.body())
        .build();
  }

  private static String method(APIGatewayV2HTTPEvent request) {
    var context = request.getRequestContext();
    return context == null || context.getHttp() == null ? null : context.getHttp().getMethod();
  }

  /** Function URLs lower-case header names; look up case-insensitively anyway. */
  private static String header(APIGatewayV2HTTPEvent request, String name) {
    if (request.getHeaders() == null) {
      return null;
    }
    return request.getHeaders().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  private static byte[] body(APIGatewayV2HTTPEvent request) {
    String body = request.getBody();
    if (body == null) {
      return new byte[0];
    }
    if (request.getIsBase64Encoded()) {
      try {
        return Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        return new byte[0];
      }
    }
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
