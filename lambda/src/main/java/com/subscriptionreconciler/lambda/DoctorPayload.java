package com.subscriptionreconciler.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.doctor.DoctorReport;
import com.subscriptionreconciler.schema.EffectiveSchemaMap;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code {"doctor": true}}: run {@code doctor}'s checks inside the function (its VPC, its role, its secrets)
 * instead of a reconciliation (docs/reference.md, Lambda payloads), and show the schema mapping it has. Any other
 * payload goes to the run parser.
 */
final class DoctorPayload {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The response's and the log line's field carrying the effective mapping. */
  static final String SCHEMA_MAP_FIELD = "schemaMap";

  private DoctorPayload() {}

  /**
   * doctor's report with {@code schemaMap}: the tables and columns the function would use, so the mapping a
   * deployment really has can be read beside the checks ({@code null} when {@code SCHEMA_MAP} does not parse).
   */
  static ObjectNode response(DoctorReport report, Optional<EffectiveSchemaMap> schemaMap) {
    ObjectNode response = report.json();
    response.set(SCHEMA_MAP_FIELD, schemaMap.<JsonNode>map(EffectiveSchemaMap::json).orElse(NullNode.getInstance()));
    return response;
  }

  static boolean is(byte[] payload) {
    try {
      JsonNode node = JSON.readTree(payload);
      return node != null && node.isObject() && node.size() == 1 && node.path("doctor").isBoolean()
          && node.path("doctor").booleanValue();
    } catch (IOException e) {
      return false;
    }
  }
}
