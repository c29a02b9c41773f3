package com.subscriptionreconciler.plan;

import java.util.Objects;

/**
 * One column going from {@code from} to {@code to}, both in canonical encoding ({@link ValueType}); null is SQL
 * NULL. This is exactly one {@code reconciliation_changes} row's field/old_value/new_value.
 */
public record FieldChange(Field field, String from, String to) {
  public FieldChange {
    Objects.requireNonNull(field, "field");
    from = field.type().canonicalize(from);
    to = field.type().canonicalize(to);
  }

  /** The same change undone. */
  public FieldChange reversed() {
    return new FieldChange(field, to, from);
  }
}
