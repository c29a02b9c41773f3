package com.subscriptionreconciler.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An organization's subscription rows as they will read once a plan is applied. A real run could re-read them
 * after applying; a dry run cannot, and both must derive the organization the same way, so derivation always
 * works on this projection.
 */
public final class SubscriptionProjection {
  private final Instant now;

  /** @param now the {@code created_at} a planned insert will get (only used to rank it as newest) */
  public SubscriptionProjection(Instant now) {
    this.now = now;
  }

  /**
   * @param rows the organization's current rows (archived included)
   * @param changes subscription changes of the plan (any organization's; others are ignored)
   */
  public List<SubscriptionRow> project(long organizationId, List<SubscriptionRow> rows, List<EntityChange> changes) {
    Map<Long, EntityChange> byRow = new HashMap<>();
    List<SubscriptionRow> projected = new ArrayList<>();
    for (EntityChange c : changes) {
      if (c.entity() != Entity.SUBSCRIPTION) {
        continue;
      }
      if (c.action() == Action.INSERT) {
        if (c.organizationId() != null && c.organizationId() == organizationId) {
          Map<SubscriptionField, String> v = new EnumMap<>(SubscriptionField.class);
          c.changes().forEach(f -> v.put((SubscriptionField) f.field(), f.to()));
          projected.add(SubscriptionRow.fromValues(null, organizationId, 0, now, v));
        }
      } else {
        byRow.put(c.entityId(), c);
      }
    }
    List<SubscriptionRow> result = new ArrayList<>();
    for (SubscriptionRow row : rows) {
      EntityChange c = byRow.get(row.id());
      result.add(c == null ? row : row.with(c.changes()));
    }
    result.addAll(projected);
    return result;
  }
}
