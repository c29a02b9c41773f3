package com.subscriptionreconciler.plan;

import java.util.Locale;

/** What a change does to its row; {@link #wireName()} is {@code reconciliation_changes.action}. */
public enum Action {
  UPDATE,
  INSERT,
  /** Soft delete: the row stays, marked {@code archived_at}/{@code archive_reason}. Nothing is ever deleted. */
  ARCHIVE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Action parse(String wireName) {
    return valueOf(wireName.toUpperCase(Locale.ROOT));
  }
}
