package com.subscriptionreconciler.plan;

import java.util.List;
import java.util.Set;

/**
 * The input of planning one batch: a page of Stripe subscriptions and the database state that belongs to it.
 *
 * <p>What the shell must put in (the batch contract):
 *
 * <ul>
 *   <li>{@code rows}: every row whose {@code stripe_subscription_id} is one of the page's subscriptions; the
 *       id-less, non-archived rows of the organizations of the page's customers; and any orphan candidates
 *       (rows whose subscription was not listed, with the outcome of retrieving them in
 *       {@code confirmedMissingSubscriptionIds}). A batch may consist of orphan candidates only.
 *   <li>When a customer's organization has id-less rows, ALL of that customer's Stripe subscriptions must be in
 *       the same batch (list them with {@code customer=…}), otherwise two batches could match one id-less row
 *       twice in a dry run.
 *   <li>{@code organizations}: the organizations of the page's customers and of the rows.
 *   <li>{@code customers}: at least the deleted ones among them; customers not listed count as not deleted.
 * </ul>
 */
public record SubscriptionBatch(
    List<StripeSubscription> stripeSubscriptions,
    List<SubscriptionRow> rows,
    List<OrganizationRow> organizations,
    List<StripeCustomer> customers,
    Set<String> confirmedMissingSubscriptionIds) {

  public SubscriptionBatch {
    stripeSubscriptions = List.copyOf(stripeSubscriptions);
    rows = List.copyOf(rows);
    organizations = List.copyOf(organizations);
    customers = List.copyOf(customers);
    confirmedMissingSubscriptionIds = Set.copyOf(confirmedMissingSubscriptionIds);
  }
}
