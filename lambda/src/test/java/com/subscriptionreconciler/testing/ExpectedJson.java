package com.subscriptionreconciler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds rendered JSON to a document written out by hand in the test, parsed with a plain {@link ObjectMapper}
 * (not the product's), so a test never compares the product's rendering with itself.
 */
public final class ExpectedJson {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private ExpectedJson() {}

  /**
   * Every field of {@code expected} must be in {@code actual} with exactly that value. Fields only in
   * {@code actual} must be null: optional report fields may be added later, but never with a value nobody
   * expected.
   */
  public static void assertMatches(JsonNode actual, String expected) {
    JsonNode wanted = parse(expected);
    assertThat(actual.isObject()).as("a JSON object: %s", actual).isTrue();
    wanted.fieldNames().forEachRemaining(name ->
        assertThat(actual.get(name)).as("field %s", name).isEqualTo(wanted.get(name)));
    List<String> unexpected = new ArrayList<>();
    actual.fieldNames().forEachRemaining(name -> {
      if (!wanted.has(name) && !actual.get(name).isNull()) {
        unexpected.add(name + "=" + actual.get(name));
      }
    });
    assertThat(unexpected).as("fields with values the test did not expect").isEmpty();
  }

  public static JsonNode parse(String json) {
    try {
      return PLAIN.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the test's expected JSON does not parse: " + json, e);
    }
  }
}
