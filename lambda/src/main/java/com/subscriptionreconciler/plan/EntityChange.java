package com.subscriptionreconciler.plan;

import java.util.List;
import java.util.Objects;

/**
 * Everything the plan would do to one row: one {@code reconciliation_changes} row per {@link FieldChange}, one
 * write for the applier.
 *
 * @param entityId the row id; null for an INSERT (the database assigns it)
 * @param stripeId the Stripe subscription id for a subscription, the Stripe customer id for an organization
 * @param changes never empty; for an INSERT every non-NULL column, from null
 * @param expectedVersion the subscription row's {@code version} the plan was made from, for the optimistic
 *     {@code UPDATE … WHERE id=? AND version=?}; null for inserts and organizations (which have no version
 *     column: the applier can guard those with the {@code from} values instead)
 * @param organizationId the subscription's organization (the one to insert it into, for an INSERT); for an
 *     organization change, its own id
 */
public record EntityChange(
    Entity entity,
    Long entityId,
    String stripeId,
    Action action,
    List<FieldChange> changes,
    Integer expectedVersion,
    Long organizationId) {

  public EntityChange {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(action, "action");
    changes = List.copyOf(changes);
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("an entity change needs at least one field change");
    }
    if (action == Action.INSERT ? entityId != null : entityId == null) {
      throw new IllegalArgumentException("entityId must be null exactly for inserts");
    }
  }

  /** The change of {@code field}, if this entity change touches it. */
  public java.util.Optional<FieldChange> change(Field field) {
    return changes.stream().filter(c -> c.field() == field).findFirst();
  }
}
