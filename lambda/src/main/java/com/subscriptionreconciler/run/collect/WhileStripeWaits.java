package com.subscriptionreconciler.run.collect;

/**
 * The scheduling policy that makes full runs fast: what the run's one consumer thread does while it waits for
 * Stripe's answers instead of idling, in order of need. Each step is one bounded piece of work (a database page, a
 * write batch), so a Stripe page that arrives is taken within one step's time.
 *
 * <ul>
 *   <li>While the listing waits: first the orphan sweep's input (the next page of live rows' keys), so the sweep
 *       after the listing needs no database round trip; then the organization prescreen's next page, so the
 *       derivation after the writes only re-derives what it flagged.
 *   <li>While orphan confirmations are in flight (the safety guard has passed with every candidate counted as a
 *       change): the next batch of the changes the listing planned (early writes; none in a dry run, none in an
 *       invocation that pauses, since only the invocation that finishes a run confirms orphans).
 * </ul>
 */
public final class WhileStripeWaits {
  private final IdleStep prescreen;
  private final IdleStep earlyWrites;

  /**
   * @param prescreen screens the next page of organizations
   * @param earlyWrites writes the next batch of what the listing planned
   */
  public WhileStripeWaits(IdleStep prescreen, IdleStep earlyWrites) {
    this.prescreen = prescreen;
    this.earlyWrites = earlyWrites;
  }

  /** Work for the listing's waits: {@code sweepInput} first, then the prescreen; false once neither has any. */
  public IdleStep whileListing(IdleStep sweepInput) {
    return () -> sweepInput.step() || prescreen.step();
  }

  /** Work for the waits on orphan confirmations. */
  public IdleStep whileConfirming() {
    return earlyWrites;
  }
}
