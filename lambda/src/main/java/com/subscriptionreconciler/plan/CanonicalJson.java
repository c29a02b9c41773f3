package com.subscriptionreconciler.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one textual form of a JSON value: object keys sorted (recursively), no whitespace.
 *
 * <p>MySQL hands JSON columns back re-formatted ({@code {"a": "b"}}) and Stripe sends metadata in no particular
 * order, so comparing raw text would report drift that is not there. Canonical text makes "same metadata" a
 * plain string comparison and gives the audit trail a stable, diffable value.
 */
final class CanonicalJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Most subscriptions carry no metadata: their canonical text needs no parsing or writing. */
  static final String EMPTY_OBJECT = "{}";

  private CanonicalJson() {}

  /** Canonical text of a flat string map (Stripe metadata). */
  static String of(Map<String, String> map) {
    if (map.isEmpty()) {
      return EMPTY_OBJECT;
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    map.forEach(node::put);
    return write(sorted(node));
  }

  /**
   * Canonical text of JSON text. Text that does not parse is returned unchanged (trimmed): it can never equal a
   * canonical value, so Stripe's value replaces it, which is the right outcome for a corrupt column.
   */
  static String canonicalize(String json) {
    if (EMPTY_OBJECT.equals(json)) {
      return EMPTY_OBJECT;
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        return json.trim();
      }
      return write(sorted(node));
    } catch (JsonProcessingException e) {
      return json.trim();
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        copy.set(name, sorted(node.get(name)));
      }
      return copy;
    }
    if (node.isArray()) {
      var copy = JsonNodeFactory.instance.arrayNode();
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        copy.add(sorted(it.next()));
      }
      return copy;
    }
    return node;
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
