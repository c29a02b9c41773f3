package com.subscriptionreconciler.plan;

/** A Stripe customer; {@code deleted} is Stripe's {@code {"id":…,"deleted":true}} tombstone. */
public record StripeCustomer(String id, boolean deleted) {}
