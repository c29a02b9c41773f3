package com.subscriptionreconciler.plan;

/**
 * A column the reconciler may write. {@link #column()} is the exact column name (docs/reference.md, Schema), used in
 * the audit trail and by the applier; {@link #type()} says how its values are encoded.
 */
public sealed interface Field permits SubscriptionField, OrganizationField {
  String column();

  ValueType type();

  Entity entity();

  /**
   * The key of this field in the report's {@code driftByField}: the bare column for subscription fields (the
   * drift operators look at), {@code organization.<column>} for organization fields so that an organization's
   * {@code plan_tier} is not counted together with a subscription's.
   */
  default String reportKey() {
    return entity() == Entity.SUBSCRIPTION ? column() : entity().wireName() + "." + column();
  }

  /** The field of {@code entity} stored in {@code column}, for reading the audit trail back. */
  static Field of(Entity entity, String column) {
    return entity == Entity.SUBSCRIPTION ? SubscriptionField.ofColumn(column) : OrganizationField.ofColumn(column);
  }
}
