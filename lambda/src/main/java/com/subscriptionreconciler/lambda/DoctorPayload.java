package com.subscriptionreconciler.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * {@code {"doctor": true}}: run {@code doctor}'s checks inside the function (its VPC, its role, its secrets)
 * instead of a reconciliation (docs/reference.md, Lambda payloads). Any other payload goes to the run parser.
 */
final class DoctorPayload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DoctorPayload() {}

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
