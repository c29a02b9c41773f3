package com.subscriptionreconciler.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Reads {@code PLAN_TIER_MAP}, {@code DEFAULT_PLAN_TIER}, {@code MAX_CHANGE_RATIO}, {@code MAX_CHANGES_ABSOLUTE}. */
final class ReconcileRulesParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReconcileRulesParser() {}

  static ReconcileRules parse(Environment env) {
    Map<String, String> tiers = new LinkedHashMap<>();
    Set<String> notPlans = new LinkedHashSet<>();
    env.get("PLAN_TIER_MAP").ifPresent(json -> tierMap(json, tiers, notPlans));
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
    return new ReconcileRules(tiers, defaultTier, ratio, absolute, notPlans);
  }

  /** A {@code null} value marks a price or product that is not a plan (an add-on): its items are never primary. */
  private static void tierMap(String json, Map<String, String> tiers, Set<String> notPlans) {
    String expected = "PLAN_TIER_MAP must be a JSON object of strings (or null for a price or product that is not a"
        + " plan), e.g. {\"price_123\":\"pro\",\"team_monthly\":\"team\",\"price_seats\":null}";
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new ConfigurationException(expected + " (it is not valid JSON)");
    }
    if (node == null || !node.isObject()) {
      throw new ConfigurationException(expected);
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getValue().isNull()) {
        notPlans.add(entry.getKey());
        continue;
      }
      if (!entry.getValue().isTextual() || entry.getValue().textValue().isBlank()) {
        // price ids and lookup keys are not secret: naming the entry makes the mistake findable
        throw new ConfigurationException(expected + " (the value for \"" + entry.getKey() + "\" is not a tier name)");
      }
      tiers.put(entry.getKey(), entry.getValue().textValue());
    }
  }
}
