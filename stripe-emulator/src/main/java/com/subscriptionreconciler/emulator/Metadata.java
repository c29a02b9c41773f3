package com.subscriptionreconciler.emulator;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Immutable, key-sorted metadata copies: deterministic JSON, one shared instance when empty. */
final class Metadata {
  private Metadata() {}

  static Map<String, String> copy(Map<String, String> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return Map.of();
    }
    if (metadata.size() == 1) {
      // The common case (e.g. organization_id); a TreeMap would cost ~5x the memory.
      Map.Entry<String, String> only = metadata.entrySet().iterator().next();
      return Map.of(only.getKey(), only.getValue());
    }
    return Collections.unmodifiableMap(new TreeMap<>(metadata));
  }
}
