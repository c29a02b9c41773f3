package com.subscriptionreconciler.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON rendering of a {@link RunReport} (docs/reference.md, The run report), shared by the handler's return
 * value and the final log line so they cannot drift apart. Instants are ISO-8601 strings, not epoch numbers, so
 * humans can read them.
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private ReportJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode tree(RunReport report) {
    return MAPPER.valueToTree(report);
  }

  public static String write(RunReport report) {
    try {
      return MAPPER.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("run report cannot be serialised", e);
    }
  }
}
