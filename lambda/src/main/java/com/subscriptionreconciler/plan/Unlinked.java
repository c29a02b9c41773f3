package com.subscriptionreconciler.plan;

/**
 * A Stripe subscription whose customer belongs to no organization. Reported, never written: guessing an
 * organization would attach billing to the wrong tenant.
 */
public record Unlinked(String subscriptionId, String customerId, String status) {}
