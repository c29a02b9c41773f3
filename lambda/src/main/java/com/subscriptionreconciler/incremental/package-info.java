/**
 * Incremental mode's building blocks (docs/reference.md, How it decides) and webhook-delivery health. The
 * engine drives them; nothing here writes to Stripe or to billing rows.
 *
 * <pre>{@code
 * CheckpointStore checkpoints = new CheckpointStore(dataSource);
 * IncrementalDecision decision =
 *     IncrementalDecision.decide(checkpoints.load(), clock.instant(), EventRetention.stripeDefault());
 * Instant listingStartedAt = clock.instant();            // before the first Stripe list request
 * Checkpoint next;
 * if (decision instanceof IncrementalDecision.Incremental incremental) {
 *   ChangedObjects changed = new EventFeed(stripeClient).readSince(incremental.since());
 *   // targeted run: re-read changed.subscriptionIds() and changed.customerIds() from Stripe, plan, apply
 *   next = NextCheckpoint.afterIncrementalRun(incremental.since(), changed, listingStartedAt);
 * } else {
 *   // full run; report.fallbackReason = ((FallBackToFull) decision).reason() when incremental was asked for
 *   next = NextCheckpoint.afterFullRun(listingStartedAt);
 * }
 * // ... commit the run's changes, THEN (not in a dry run, not after an abort or failure):
 * checkpoints.advance(next, runId);
 * WebhookHealthReading health = new WebhookHealthReader(stripeClient).read(clock.instant());
 * // report.webhookHealth = health.health(); health.warning().ifPresent(warnings::add);
 * }</pre>
 */
package com.subscriptionreconciler.incremental;
