package com.subscriptionreconciler.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code PLAN_TIER_MAP}, {@code DEFAULT_PLAN_TIER}, {@code MAX_CHANGE_RATIO}, {@code MAX_CHANGES_ABSOLUTE}. */
final class ReconcileRulesParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReconcileRulesParser() {}

  static ReconcileRules parse(Environment env) {
    Map<String, String> tiers = env.get("PLAN_TIER_MAP").map(ReconcileRulesParser::tierMap).orElse(Map.of());
    String defaultTier = env.get("DEFAULT_PLAN_TIER").orElse(ReconcileRules.DEFAULT_TIER);
    double ratio = env.getDouble("MAX_CHANGE_RATIO", ReconcileRules.DEFAULT_MAX_CHANGE_RATIO,
        "a number between 0 and 1 (e.g. 0.10)");
    if (ratio < 0 || ratio > 1) {
      throw new ConfigurationException("MAX_CHANGE_RATIO must be a number between 0 and 1 (e.g. 0.10)");
    }
    long absolute = env.getLong("MAX_CHANGES_ABSOLUTE", ReconcileRules.DEFAULT_MAX_CHANGES_ABSOLUTE,
        "a whole number >= 0");
    if (absolute < 0) {
      throw new ConfigurationException("MAX_CHANGES_ABSOLUTE must be a whole number >= 0");
    }
    return new ReconcileRules(tiers, defaultTier, ratio, absolute);
  }

  private static Map<String, String> tierMap(String json) {
    String expected = "PLAN_TIER_MAP must be a JSON object of strings, e.g. {\"price_123\":\"pro\",\"team_monthly\":\"team\"}";
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new ConfigurationException(expected + " (it is not valid JSON)");
    }
    if (node == null || !node.isObject()) {
      throw new ConfigurationException(expected);
    }
    Map<String, String> tiers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual() || entry.getValue().textValue().isBlank()) {
        // price ids and lookup keys are not secret: naming the entry makes the mistake findable
        throw new ConfigurationException(expected + " (the value for \"" + entry.getKey() + "\" is not a tier name)");
      }
      tiers.put(entry.getKey(), entry.getValue().textValue());
    }
    return tiers;
  }
}
