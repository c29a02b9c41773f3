package com.subscriptionreconciler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures stdout, which is what CloudWatch Logs receives from a Lambda function: the log4j JSON lines (the
 * appender follows {@code System.out}) and the EMF documents (the EMF console sink prints to it). Every line must
 * be a JSON object, as docs/reference.md, Logs, metrics and alarms requires; {@link #lines()} fails the test
 * otherwise.
 */
public final class CapturedOutput implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream original = System.out;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  private CapturedOutput() {
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
  }

  public static CapturedOutput start() {
    return new CapturedOutput();
  }

  public String raw() {
    System.out.flush();
    return buffer.toString(StandardCharsets.UTF_8);
  }

  public List<JsonNode> lines() {
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : raw().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (node == null || !node.isObject()) {
          throw new AssertionError("stdout line is not a JSON object: " + line);
        }
        parsed.add(node);
      } catch (IOException e) {
        throw new UncheckedIOException("stdout line is not JSON: " + line, e);
      }
    }
    return parsed;
  }

  /** Log lines: everything that is not an EMF document. */
  public List<JsonNode> logLines() {
    return lines().stream().filter(n -> !n.has("_aws")).toList();
  }

  public List<JsonNode> emfDocuments() {
    return lines().stream().filter(n -> n.has("_aws")).toList();
  }

  public JsonNode logLine(String message) {
    return logLines().stream().filter(n -> message.equals(n.path("message").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no log line with message '" + message + "' in:\n" + raw()));
  }

  @Override
  public void close() {
    System.setOut(original);
  }
}
