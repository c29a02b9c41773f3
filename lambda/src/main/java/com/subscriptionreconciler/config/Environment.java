package com.subscriptionreconciler.config;

import java.util.Map;
import java.util.Optional;

/**
 * The process environment as an injectable value. {@link #system()} is the only place the product reads
 * {@code System.getenv()}; everything else receives an {@code Environment}, so tests pass a plain map.
 *
 * <p>A variable set to an empty or blank string counts as unset: CloudFormation and shell scripts often export
 * {@code VAR=""} to mean "not configured".
 */
public record Environment(Map<String, String> values) {
  public Environment {
    values = Map.copyOf(values);
  }

  public static Environment system() {
    return new Environment(System.getenv());
  }

  public static Environment of(Map<String, String> values) {
    return new Environment(values);
  }

  public Optional<String> get(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public boolean isSet(String name) {
    return get(name).isPresent();
  }

  public double getDouble(String name, double defaultValue, String expectation) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(raw.get());
      if (Double.isFinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // fall through to the uniform message below
    }
    throw new ConfigurationException(name + " must be " + expectation);
  }

  public long getLong(String name, long defaultValue, String expectation) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(raw.get());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(name + " must be " + expectation);
    }
  }
}
