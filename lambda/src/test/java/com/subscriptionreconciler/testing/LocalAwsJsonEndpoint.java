package com.subscriptionreconciler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The HTTP part every AWS stand-in shares: a JDK server on a free loopback port and a JSON reply in the AWS JSON
 * protocol's content type. Each fake keeps only its own operation's logic.
 */
final class LocalAwsJsonEndpoint implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;

  private LocalAwsJsonEndpoint(HttpServer server) {
    this.server = server;
  }

  static LocalAwsJsonEndpoint start(String serviceName, HttpHandler handler) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", handler);
      server.start();
      return new LocalAwsJsonEndpoint(server);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake " + serviceName, e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * @param protocolVersion the AWS JSON protocol version the service speaks ("1.0" for SQS, "1.1" for Secrets
   *     Manager), sent back as the reply's content type
   */
  static void reply(HttpExchange exchange, String protocolVersion, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-" + protocolVersion);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
