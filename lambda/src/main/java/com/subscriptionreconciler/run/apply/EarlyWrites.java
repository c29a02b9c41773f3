package com.subscriptionreconciler.run.apply;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.run.collect.PlanCollector;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Writes what the listing planned while the run waits for Stripe to confirm orphan candidates, a batch per step,
 * instead of after the confirmations: at a million subscriptions that moves a few seconds of writes into time
 * spent waiting anyway.
 *
 * <p>It runs only once the sweep's safety guard has passed with every candidate counted as a change. A candidate
 * yields at most its own change, so the whole run's plan stays within what that guard allowed, and writing early
 * cannot let through anything the final guard would stop. Dry runs write nothing early.
 */
public final class EarlyWrites {
  private final PlanCollector collector;
  private final PlanApplication application;
  private final PlanApplication.Replanner replanner;
  private final boolean enabled;
  private final Set<EntityChange> written = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Long> touched = new HashSet<>();
  private List<EntityChange> pending;
  private int next;

  public EarlyWrites(PlanCollector collector, PlanApplication application, PlanApplication.Replanner replanner,
      boolean enabled) {
    this.collector = collector;
    this.application = application;
    this.replanner = replanner;
    this.enabled = enabled;
  }

  /** Writes the next batch of the changes planned so far; false once they are all written. */
  public boolean step() throws SQLException, StripeException {
    if (!enabled) {
      return false;
    }
    if (pending == null) {
      pending = collector.merged().changesOf(Entity.SUBSCRIPTION);
    }
    if (next >= pending.size()) {
      return false;
    }
    List<EntityChange> batch = pending.subList(next, Math.min(pending.size(), next + PlanApplication.WRITE_BATCH));
    next += batch.size();
    touched.addAll(application.applySubscriptions(batch, replanner));
    written.addAll(batch);
    return next < pending.size();
  }

  /** The changes of {@code all} not written here, in their order. */
  public List<EntityChange> unwritten(List<EntityChange> all) {
    return written.isEmpty() ? all : all.stream().filter(c -> !written.contains(c)).toList();
  }

  /** Organizations whose rows the early writes changed. */
  public Set<Long> touchedOrganizations() {
    return Set.copyOf(touched);
  }
}
