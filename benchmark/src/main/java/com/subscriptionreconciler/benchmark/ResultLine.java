package com.subscriptionreconciler.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;

/**
 * How a child process hands its measurements to the orchestrator: one stdout line {@code RESULT {json}}. Every
 * other line of the child's output (the engine's JSON logs, progress) is only copied to a log file.
 */
final class ResultLine {
  static final String PREFIX = "RESULT ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultLine() {}

  static void print(Map<String, ?> result) {
    try {
      System.out.println(PREFIX + JSON.writeValueAsString(result));
      System.out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Optional<Map<String, Object>> parse(String line) {
    if (!line.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(line.substring(PREFIX.length()), new TypeReference<Map<String, Object>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable result line: " + line, e);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
