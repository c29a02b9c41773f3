package com.subscriptionreconciler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for AWS Secrets Manager, only because AWS cannot run here: a JDK HTTP server on 127.0.0.1 speaking
 * the JSON 1.1 protocol for {@code GetSecretValue}, so tests exercise the real SDK client (signing, protocol,
 * error unmarshalling). It records every request so tests can prove caching.
 */
public final class FakeSecretsManager implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROTOCOL_VERSION = "1.1";

  private final LocalAwsJsonEndpoint endpoint;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final List<String> requestedIds = new CopyOnWriteArrayList<>();

  private FakeSecretsManager() {
    this.endpoint = LocalAwsJsonEndpoint.start("Secrets Manager", this::handle);
  }

  public static FakeSecretsManager start() {
    return new FakeSecretsManager();
  }

  public FakeSecretsManager put(String secretId, String secretString) {
    secrets.put(secretId, secretString);
    return this;
  }

  public String endpoint() {
    return endpoint.url();
  }

  /** The environment the real client needs to talk to this fake. */
  public Map<String, String> clientEnvironment() {
    return Map.of(
        "AWS_REGION", "eu-west-1",
        "AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint(),
        "AWS_ACCESS_KEY_ID", "AKIDFAKE",
        "AWS_SECRET_ACCESS_KEY", "fake-secret-access-key");
  }

  public List<String> requestedIds() {
    return List.copyOf(requestedIds);
  }

  public int calls() {
    return requestedIds.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      boolean signed = exchange.getRequestHeaders().getFirst("Authorization") != null;
      if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target) || !signed) {
        LocalAwsJsonEndpoint.reply(exchange, PROTOCOL_VERSION, 400,
            error("UnknownOperationException", "unsupported request " + target));
        return;
      }
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      String secretId = body.path("SecretId").asText();
      requestedIds.add(secretId);
      String value = secrets.get(secretId);
      if (value == null) {
        LocalAwsJsonEndpoint.reply(exchange, PROTOCOL_VERSION, 400,
            error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        return;
      }
      ObjectNode response = JSON.createObjectNode()
          .put("ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + secretId + "-AbCdEf")
          .put("Name", secretId)
          .put("SecretString", value)
          .put("VersionId", "00000000-0000-0000-0000-000000000001");
      response.putArray("VersionStages").add("AWSCURRENT");
      LocalAwsJsonEndpoint.reply(exchange, PROTOCOL_VERSION, 200, response);
    }
  }

  private static ObjectNode error(String type, String message) {
    return JSON.createObjectNode().put("__type", type).put("message", message);
  }


  @Override
  public void close() {
    endpoint.close();
  }
}
