package com.subscriptionreconciler.plan;

import java.util.HashMap;
import java.util.Map;

/**
 * A row's current state, as rollback needs it: its canonical column values and, for subscriptions, its
 * {@code version} for the optimistic write.
 */
public record CurrentEntity(Entity entity, long id, Integer version, Map<Field, String> values) {

  public CurrentEntity {
    values = java.util.Collections.unmodifiableMap(new HashMap<>(values)); // NULL values are meaningful
  }

  public static CurrentEntity of(SubscriptionRow row) {
    return new CurrentEntity(Entity.SUBSCRIPTION, row.id(), row.version(), row.values());
  }

  public static CurrentEntity of(OrganizationRow org) {
    Map<Field, String> v = new HashMap<>();
    v.put(OrganizationField.PLAN_TIER, org.planTier());
    v.put(OrganizationField.SUBSCRIPTION_STATUS, org.subscriptionStatus());
    return new CurrentEntity(Entity.ORGANIZATION, org.id(), null, v);
  }

  public String value(Field field) {
    return values.get(field);
  }
}
