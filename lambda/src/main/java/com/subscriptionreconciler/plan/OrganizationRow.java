package com.subscriptionreconciler.plan;

/** An {@code organizations} row, as far as reconciliation reads it. */
public record OrganizationRow(
    long id, String name, String stripeCustomerId, String planTier, String subscriptionStatus) {}
