package com.subscriptionreconciler.plan;

import java.util.Locale;

/** The two kinds of rows the reconciler writes; {@link #wireName()} is {@code reconciliation_changes.entity}. */
public enum Entity {
  ORGANIZATION,
  SUBSCRIPTION;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Entity parse(String wireName) {
    return valueOf(wireName.toUpperCase(Locale.ROOT));
  }
}
