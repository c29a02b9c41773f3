package com.subscriptionreconciler.demo;

import java.util.Objects;

/**
 * One {@code organizations} row to seed. The id is explicit so seeded data is deterministic and subscription
 * rows can name their organization before either is written.
 */
public record SeedOrganization(
    long id, String name, String stripeCustomerId, String planTier, String subscriptionStatus) {

  public SeedOrganization {
    Objects.requireNonNull(planTier, "planTier");
    Objects.requireNonNull(subscriptionStatus, "subscriptionStatus");
  }
}
