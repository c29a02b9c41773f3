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
    return Collections.unmodifiableMap(new TreeMap<>(metadata));
  }
}
