package com.subscriptionreconciler.plan;

import java.util.List;

/**
 * One change of each action, shared by the tests that count or merge changes (a plan's merge, a run's tally), so
 * both count the very same set.
 */
public final class SampleChanges {
  public static final EntityChange UPDATE = new EntityChange(Entity.SUBSCRIPTION, 10L, "sub_1", Action.UPDATE,
      List.of(new FieldChange(SubscriptionField.STATUS, "active", "past_due"),
          new FieldChange(SubscriptionField.PLAN_TIER, "pro", "team")), 3, 1L);
  public static final EntityChange INSERT = new EntityChange(Entity.SUBSCRIPTION, null, "sub_2", Action.INSERT,
      List.of(new FieldChange(SubscriptionField.STATUS, null, "active")), null, 1L);
  public static final EntityChange ARCHIVE = new EntityChange(Entity.SUBSCRIPTION, 11L, "sub_3", Action.ARCHIVE,
      List.of(new FieldChange(SubscriptionField.STATUS, "active", "canceled")), 0, 2L);
  public static final EntityChange ORG = new EntityChange(Entity.ORGANIZATION, 1L, "cus_A", Action.UPDATE,
      List.of(new FieldChange(OrganizationField.PLAN_TIER, "pro", "team")), null, 1L);

  private SampleChanges() {}
}
