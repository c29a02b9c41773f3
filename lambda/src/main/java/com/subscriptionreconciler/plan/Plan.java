package com.subscriptionreconciler.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run would do: the result of planning one batch, or of merging the batch plans of a whole run. A dry
 * run reports it, a real run applies it, the audit trail records it, tests assert on it.
 *
 * @param changes subscription changes in planning order, then organization changes
 * @param unlinked Stripe subscriptions whose customer belongs to no organization
 * @param warnings aggregated by kind and subject
 * @param checked Stripe subscriptions examined plus database rows examined that had no Stripe subscription in
 *     the batch (orphan candidates); the denominator of the safety guard
 * @param inSync examined subscriptions whose row already matched Stripe (the report's {@code skipped})
 * @param untouched examined and deliberately left alone: already-archived rows, rows not confirmed missing,
 *     id-less rows with nothing to match, subscriptions of a deleted customer without a row
 * @param touchedOrganizationIds organizations whose {@code plan_tier}/{@code subscription_status} must be
 *     derived again ({@link OrganizationDeriver}): those of changed subscriptions and of deleted customers
 */
public record Plan(
    List<EntityChange> changes,
    List<Unlinked> unlinked,
    List<PlanWarning> warnings,
    long checked,
    long inSync,
    long untouched,
    Set<Long> touchedOrganizationIds) {

  public Plan {
    changes = List.copyOf(changes);
    unlinked = List.copyOf(unlinked);
    warnings = List.copyOf(warnings);
    touchedOrganizationIds = Set.copyOf(touchedOrganizationIds);
  }

  public static Plan empty() {
    return new Plan(List.of(), List.of(), List.of(), 0, 0, 0, Set.of());
  }

  /** A plan of just these (organization) changes, to merge after the subscription batches. */
  public static Plan of(List<EntityChange> changes) {
    return new Plan(changes, List.of(), List.of(), 0, 0, 0, Set.of());
  }

  public Plan merge(Plan other) {
    return mergeAll(List.of(this, other));
  }

  /** Merges many batch plans in one pass (merging pairwise would copy the lists once per batch). */
  public static Plan mergeAll(Collection<Plan> plans) {
    List<EntityChange> changes = new ArrayList<>();
    List<Unlinked> unlinked = new ArrayList<>();
    Map<String, PlanWarning> warnings = new LinkedHashMap<>();
    Set<Long> touched = new LinkedHashSet<>();
    long checked = 0;
    long inSync = 0;
    long untouched = 0;
    for (Plan p : plans) {
      changes.addAll(p.changes);
      unlinked.addAll(p.unlinked);
      for (PlanWarning w : p.warnings) {
        warnings.merge(w.kind() + "\u0000" + w.subject(), w, PlanWarning::merge);
      }
      touched.addAll(p.touchedOrganizationIds);
      checked += p.checked;
      inSync += p.inSync;
      untouched += p.untouched;
    }
    return new Plan(changes, unlinked, List.copyOf(warnings.values()), checked, inSync, untouched, touched);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public List<EntityChange> changesOf(Entity entity) {
    return changes.stream().filter(c -> c.entity() == entity).toList();
  }

  public long count(Entity entity, Action action) {
    return changes.stream().filter(c -> c.entity() == entity && c.action() == action).count();
  }

  /**
   * Subscription rows this plan writes (updates, inserts and archives): what the safety guard counts.
   * Organization changes are consequences of these and are not counted twice.
   */
  public long subscriptionChanges() {
    return changes.stream().filter(c -> c.entity() == Entity.SUBSCRIPTION).count();
  }

  /** The report's {@code warnings}. */
  public List<String> warningMessages() {
    return warnings.stream().map(PlanWarning::message).toList();
  }
}
