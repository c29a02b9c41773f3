package com.subscriptionreconciler.plan;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code rollback RUN_ID} would do: restores (applied like any plan, and audited as the rollback run's own
 * changes) and per-row refusals.
 *
 * @param alreadyRestored rows the run changed that already hold their values from before it (rolled back
 *     before, or changed back since): nothing to do for them, and no error
 */
public record RollbackPlan(List<EntityChange> restores, List<Refusal> refusals, int alreadyRestored) {

  public RollbackPlan {
    restores = List.copyOf(restores);
    refusals = List.copyOf(refusals);
  }

  /** A row rollback leaves alone, and why (it changed since the run, no longer exists, or is another account's now). */
  public record Refusal(Entity entity, long entityId, String stripeId, String reason) {
    public String message() {
      return "not rolled back: " + entity.wireName() + " " + entityId
          + (stripeId == null ? "" : " (" + stripeId + ")") + ": " + reason;
    }
  }

  /** True when the run left nothing to restore and nothing to refuse: every row it changed is back already. */
  public boolean nothingLeft() {
    return restores.isEmpty() && refusals.isEmpty() && alreadyRestored > 0;
  }

  /** The restores as a {@link Plan} (for the applier and the report); refusals are listed as untouched. */
  public Plan asPlan() {
    Set<Long> organizations = restores.stream()
        .map(EntityChange::organizationId)
        .filter(java.util.Objects::nonNull)
        .collect(Collectors.toSet());
    return new Plan(restores, List.of(), List.of(), restores.size() + refusals.size(), 0, refusals.size(),
        organizations);
  }
}
