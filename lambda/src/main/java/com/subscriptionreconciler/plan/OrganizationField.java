package com.subscriptionreconciler.plan;

/** The {@code organizations} columns the reconciler derives (docs/reference.md, How it decides). */
public enum OrganizationField implements Field {
  PLAN_TIER("plan_tier"),
  SUBSCRIPTION_STATUS("subscription_status");

  private final String column;

  OrganizationField(String column) {
    this.column = column;
  }

  @Override
  public String column() {
    return column;
  }

  @Override
  public ValueType type() {
    return ValueType.TEXT;
  }

  @Override
  public Entity entity() {
    return Entity.ORGANIZATION;
  }

  public static OrganizationField ofColumn(String column) {
    for (OrganizationField f : values()) {
      if (f.column.equals(column)) {
        return f;
      }
    }
    throw new IllegalArgumentException("not a reconciled organizations column: " + column);
  }
}
