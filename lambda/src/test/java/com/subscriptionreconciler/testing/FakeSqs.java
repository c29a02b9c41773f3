package com.subscriptionreconciler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Amazon SQS, only because AWS cannot run here: a JDK HTTP server on 127.0.0.1 speaking the AWS JSON
 * 1.0 protocol for {@code SendMessage} (with the body's MD5, which the real SDK client checks), so tests exercise
 * the real client. It keeps every message it was sent.
 */
public final class FakeSqs implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROTOCOL_VERSION = "1.0";

  private final LocalAwsJsonEndpoint endpoint;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> queueUrls = new CopyOnWriteArrayList<>();

  private FakeSqs() {
    this.endpoint = LocalAwsJsonEndpoint.start("SQS", this::handle);
  }

  public static FakeSqs start() {
    return new FakeSqs();
  }

  public String endpoint() {
    return endpoint.url();
  }

  public String queueUrl() {
    return endpoint() + "/123456789012/reconciler-events";
  }

  public List<String> bodies() {
    return List.copyOf(bodies);
  }

  public List<String> queueUrls() {
    return List.copyOf(queueUrls);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      boolean signed = exchange.getRequestHeaders().getFirst("Authorization") != null;
      if (!"POST".equals(exchange.getRequestMethod()) || !"AmazonSQS.SendMessage".equals(target) || !signed) {
        LocalAwsJsonEndpoint.reply(exchange, PROTOCOL_VERSION, 400, JSON.createObjectNode()
            .put("__type", "com.amazonaws.sqs#UnsupportedOperation")
            .put("message", "unsupported request " + target));
        return;
      }
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      String body = request.path("MessageBody").asText();
      queueUrls.add(request.path("QueueUrl").asText());
      bodies.add(body);
      ObjectNode response = JSON.createObjectNode()
          .put("MessageId", UUID.randomUUID().toString())
          .put("MD5OfMessageBody", md5(body));
      LocalAwsJsonEndpoint.reply(exchange, PROTOCOL_VERSION, 200, response);
    }
  }

  private static String md5(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }


  @Override
  public void close() {
    endpoint.close();
  }
}
