package com.subscriptionreconciler.oracle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Stored metadata JSON as a map, so key order and spacing never count; NULL reads as no metadata. */
final class MetadataText {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MetadataText() {}

  static Map<String, String> parse(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return Map.copyOf(MAPPER.readValue(json, new TypeReference<Map<String, String>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("test data holds metadata that is not a JSON object: " + json, e);
    }
  }
}
