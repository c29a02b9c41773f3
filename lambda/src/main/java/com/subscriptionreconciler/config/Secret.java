package com.subscriptionreconciler.config;

import java.util.Objects;

/**
 * A secret value (Stripe key, database password) that cannot leak by accident: {@link #toString()} never shows
 * it, so it is safe inside records, exceptions and log lines. Call {@link #reveal()} only where the value is
 * handed to the client that needs it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
