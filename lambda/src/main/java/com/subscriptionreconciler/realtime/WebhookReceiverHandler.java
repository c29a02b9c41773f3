package com.subscriptionreconciler.realtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.secrets.CachingSecretSource;
import com.subscriptionreconciler.secrets.SecretsManagerClientFactory;
import com.subscriptionreconciler.secrets.SecretsManagerSecretSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public webhook receiver's Lambda entry point
 * ({@code com.subscriptionreconciler.realtime.WebhookReceiverHandler::handleRequest}), behind a function URL. It
 * reads the signing secret once per execution environment and sends to the queue named by {@code EVENT_QUEUE_URL};
 * it has no database, no Stripe key and no VPC. See {@link WebhookReceiver} for the answers.
 */
public final class WebhookReceiverHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiverHandler.class);

  private final Supplier<WebhookReceiver> receiver;

  /** Used by Lambda: the process environment, the real Secrets Manager and SQS clients. */
  public WebhookReceiverHandler() {
    this(Environment.system());
  }

  /** The test seam: an explicit environment (endpoints, credentials, secret and queue settings). */
  public WebhookReceiverHandler(Environment env) {
    this.receiver = memoize(() -> {
      var secrets = new CachingSecretSource(new SecretsManagerSecretSource(() -> SecretsManagerClientFactory.create(env)));
      return new WebhookReceiver(new WebhookVerifier(WebhookSecrets.load(env, secrets), Clock.systemUTC()),
          SqsEventQueue.fromEnvironment(env), Set.of("/"));
    });
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent request, Context context) {
    WebhookReceiver.Response response;
    try {
      response = receiver.get().receive(method(request), request.getRawPath(), header(request, "stripe-signature"),
          body(request));
    } catch (ConfigurationException e) {
      // misconfigured receiver: 500 so Stripe retries once it is fixed, and the message names no secret value
      LOG.error("Webhook receiver is not configured: {}", e.getMessage());
      response = new WebhookReceiver.Response(500, "{\"error\":\"receiver not configured\"}");
    }
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

  private static <T> Supplier<T> memoize(Supplier<T> factory) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = factory.get();
        }
        return value;
      }
    };
  }
}
