/**
 * The functional core of reconciliation: plain values in, a {@link com.subscriptionreconciler.plan.Plan} out.
 * No I/O, no clock (the run's {@code now} is passed in), no stripe-java or JDBC types.
 *
 * <h2>Flow of a run (the shell's side)</h2>
 *
 * <ol>
 *   <li>Per page of Stripe subscriptions: build a {@link com.subscriptionreconciler.plan.SubscriptionBatch} (see
 *       its batch contract) and call {@link com.subscriptionreconciler.plan.SubscriptionPlanner#plan}.
 *   <li>Orphan candidates (rows whose subscription was never listed): retrieve each; plan them as a batch with
 *       the ids that answered {@code resource_missing}.
 *   <li>Derive the touched organizations with {@link com.subscriptionreconciler.plan.OrganizationPlanner}.
 *   <li>{@link com.subscriptionreconciler.plan.Plan#mergeAll} the plans,
 *       {@link com.subscriptionreconciler.plan.SafetyGuard#decide} on the result, then apply (or just report).
 * </ol>
 *
 * <h2>Decisions the planner makes (see docs/reference.md, How it decides)</h2>
 *
 * <ul>
 *   <li>Canonical values ({@link com.subscriptionreconciler.plan.ValueType}): instants ISO-8601 UTC truncated to
 *       milliseconds; booleans {@code true}/{@code false}; JSON sorted, compact; empty JSON object = NULL.
 *   <li>Id-less rows are matched newest subscription to newest row per customer
 *       ({@link com.subscriptionreconciler.plan.RowMatcher}); leftovers are inserted (subscriptions) or left
 *       untouched with a warning (rows).
 *   <li>Primary item: oldest item whose price resolves to a tier, else oldest item
 *       ({@link com.subscriptionreconciler.plan.PrimaryItemSelector}).
 *   <li>Unknown price: tier kept on update, NULL on insert, one aggregated warning per price.
 *   <li>A subscription without items keeps price, quantity, period and tier (warning).
 *   <li>Archived rows are never touched, never re-matched by the id-less rule, and their subscription is not
 *       re-inserted.
 *   <li>Deleted customer: its rows are archived ({@code stripe_customer_deleted}, taking Stripe's final values
 *       when the subscription is still listed); its subscriptions without a row are not inserted.
 *   <li>Organizations: archived rows count as {@code canceled}; only active/trialing/past_due grant the best
 *       subscription's tier, anything else gives {@code DEFAULT_PLAN_TIER}; an entitled subscription with an
 *       unknown tier keeps the organization's tier.
 *   <li>Safety guard counts subscription rows written (not organization updates) against rows checked (Stripe
 *       subscriptions examined + orphan candidates examined); both limits exclusive.
 *   <li>{@code driftByField} counts UPDATE field changes only (inserts/archives are {@code created}/
 *       {@code archived}); organization fields are keyed {@code organization.<column>}.
 *   <li>Rollback refuses a whole row if any field it changed differs now; an inserted row is archived
 *       ({@code rolled_back}), never deleted.
 * </ul>
 */
package com.subscriptionreconciler.plan;
