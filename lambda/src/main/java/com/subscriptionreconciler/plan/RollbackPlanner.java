package com.subscriptionreconciler.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Plans undoing one run (docs/reference.md, How it decides) from its applied audit rows and the rows' current
 * values; pure like the reconciliation planner, so a rollback dry run shows exactly what a real one does.
 *
 * <ul>
 *   <li>Per row, every field the run changed must still hold the run's new value (compared canonically);
 *       otherwise the whole row is refused (the application or a later run wrote it since: restoring some of its
 *       fields would mix two states). A row that no longer exists, or now belongs to another Stripe account, is
 *       refused too.
 *   <li>UPDATE and ARCHIVE rows are restored with an UPDATE from the run's new values back to its old ones
 *       (an archive's undo clears {@code archived_at}/{@code archive_reason} and restores {@code status}).
 *   <li>An INSERTed row cannot be deleted (nothing is ever deleted): it is archived instead,
 *       {@code archive_reason=rolled_back}; refused if it is already archived.
 *   <li>If a run changed the same field of the same row more than once, the first old value and the last new
 *       value count.
 *   <li>A row that already holds its values from before the run (an updated row whose every field is back to
 *       the old value, an inserted row archived as {@code rolled_back}) needs nothing: it is counted as already
 *       restored, not refused, so rolling the same run back twice is a quiet no-op.
 * </ul>
 *
 * <p>Rollback restores organizations from the run's own organization rows; it does not derive them again.
 */
public final class RollbackPlanner {
  private final Instant now;

  public RollbackPlanner(Instant now) {
    this.now = Objects.requireNonNull(now, "now");
  }

  private record Key(Entity entity, long id) {}

  /** One row's share of the run: fields in first-change order, first old and last new value. */
  private static final class RunRow {
    final Entity entity;
    final long id;
    String stripeId;
    boolean inserted;
    final Map<Field, String[]> fields = new LinkedHashMap<>();

    RunRow(Entity entity, long id) {
      this.entity = entity;
      this.id = id;
    }
  }

  /**
   * @param recorded the run's recorded changes in audit order; only applied ones with a row id are undone
   * @param current the current state of the rows they name; a row missing here no longer exists
   */
  public RollbackPlan plan(List<ChangeRecord> recorded, List<CurrentEntity> current) {
    return plan(recorded, current, List.of());
  }

  /**
   * With several Stripe accounts, a rollback sees only its account's rows (docs/reference.md, Several Stripe
   * accounts).
   *
   * @param anyAccount the rows the run changed, whichever account they belong to now: one here but not in
   *     {@code current} was relabelled to another account since the run (by the application) and is refused, saying
   *     so
   */
  public RollbackPlan plan(
      List<ChangeRecord> recorded, List<CurrentEntity> current, List<CurrentEntity> anyAccount) {
    Map<Key, RunRow> runRows = new LinkedHashMap<>();
    for (ChangeRecord c : recorded) {
      if (!c.applied() || c.entityId() == null) {
        continue;
      }
      Entity entity = Entity.parse(c.entity());
      RunRow r = runRows.computeIfAbsent(new Key(entity, c.entityId()), k -> new RunRow(k.entity(), k.id()));
      r.stripeId = r.stripeId == null ? c.stripeId() : r.stripeId;
      r.inserted |= Action.parse(c.action()) == Action.INSERT;
      r.fields.merge(Field.of(entity, c.field()), new String[] {c.oldValue(), c.newValue()},
          (a, b) -> new String[] {a[0], b[1]});
    }
    Map<Key, CurrentEntity> currentByKey = new HashMap<>();
    current.forEach(e -> currentByKey.put(new Key(e.entity(), e.id()), e));
    Set<Key> elsewhere = new HashSet<>();
    anyAccount.forEach(e -> elsewhere.add(new Key(e.entity(), e.id())));

    List<EntityChange> restores = new ArrayList<>();
    List<RollbackPlan.Refusal> refusals = new ArrayList<>();
    int alreadyRestored = 0;
    for (var entry : runRows.entrySet()) {
      RunRow r = entry.getValue();
      CurrentEntity row = currentByKey.get(entry.getKey());
      if (row != null && alreadyRestored(r, row)) {
        alreadyRestored++;
        continue;
      }
      String problem = row != null ? changedSince(r, row)
          : elsewhere.contains(entry.getKey())
              ? "the row now belongs to another Stripe account (its stripe_account changed since the run)"
              : "the row no longer exists";
      if (problem != null) {
        refusals.add(new RollbackPlan.Refusal(r.entity, r.id, r.stripeId, problem));
      } else if (r.inserted) {
        restores.add(archiveInserted(r, row));
      } else {
        restore(r, row).ifPresent(restores::add);
      }
    }
    return new RollbackPlan(restores, refusals, alreadyRestored);
  }

  private static boolean alreadyRestored(RunRow r, CurrentEntity current) {
    if (r.inserted) {
      return current.value(SubscriptionField.ARCHIVED_AT) != null
          && ArchiveReason.ROLLED_BACK.wireName().equals(current.value(SubscriptionField.ARCHIVE_REASON));
    }
    boolean anyChanged = false;
    for (var e : r.fields.entrySet()) {
      String[] oldNew = e.getValue();
      if (!e.getKey().type().same(current.value(e.getKey()), oldNew[0])) {
        return false;
      }
      anyChanged |= !e.getKey().type().same(oldNew[0], oldNew[1]);
    }
    // a row whose changes cancelled out within the run is not "restored": it is simply nothing to do
    return anyChanged;
  }

  private String changedSince(RunRow r, CurrentEntity current) {
    List<String> changed = new ArrayList<>();
    r.fields.forEach((field, oldNew) -> {
      String value = current.value(field);
      if (!field.type().same(value, oldNew[1])) {
        changed.add(field.column() + " is " + quoted(value) + ", the run set " + quoted(oldNew[1]));
      }
    });
    if (r.inserted && current.value(SubscriptionField.ARCHIVED_AT) != null) {
      changed.add("archived_at is " + quoted(current.value(SubscriptionField.ARCHIVED_AT)) + " (already archived)");
    }
    return changed.isEmpty() ? null : "changed since the run: " + String.join("; ", changed);
  }

  /** Empty when the run's changes of this row cancel out (A→B then B→A): nothing to restore. */
  private Optional<EntityChange> restore(RunRow r, CurrentEntity current) {
    List<FieldChange> fields = new ArrayList<>();
    r.fields.forEach((field, oldNew) -> {
      if (!field.type().same(oldNew[1], oldNew[0])) {
        fields.add(new FieldChange(field, current.value(field), oldNew[0]));
      }
    });
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Long organizationId = r.entity == Entity.ORGANIZATION ? Long.valueOf(r.id) : null;
    return Optional.of(
        new EntityChange(r.entity, r.id, r.stripeId, Action.UPDATE, fields, current.version(), organizationId));
  }

  private EntityChange archiveInserted(RunRow r, CurrentEntity current) {
    List<FieldChange> fields = List.of(
        new FieldChange(SubscriptionField.ARCHIVED_AT, null, SubscriptionField.ARCHIVED_AT.type().encode(now)),
        new FieldChange(SubscriptionField.ARCHIVE_REASON, current.value(SubscriptionField.ARCHIVE_REASON),
            ArchiveReason.ROLLED_BACK.wireName()));
    return new EntityChange(r.entity, r.id, r.stripeId, Action.ARCHIVE, fields, current.version(), null);
  }

  private static String quoted(String value) {
    return value == null ? "NULL" : "'" + value + "'";
  }
}
