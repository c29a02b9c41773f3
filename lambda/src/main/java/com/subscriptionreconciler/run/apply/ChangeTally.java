package com.subscriptionreconciler.run.apply;

import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.report.RunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's view of what a run changed (or, in a dry run or an aborted run, would change): counts by action,
 * drift by field and the per-entity details, in the order they happened.
 */
public final class ChangeTally {
  private long updated;
  private long created;
  private long archived;
  private final Map<String, Long> driftByField = new TreeMap<>();
  private final List<RunReport.EntityDetail> details = new ArrayList<>();

  public void record(EntityChange change, Long rowId) {
    switch (change.action()) {
      case UPDATE -> {
        updated++;
        for (FieldChange f : change.changes()) {
          driftByField.merge(f.field().reportKey(), 1L, Long::sum);
        }
      }
      case INSERT -> created++;
      case ARCHIVE -> archived++;
    }
    details.add(
        new RunReport.EntityDetail(
            change.entity().wireName(),
            rowId == null ? null : rowId.toString(),
            change.stripeId(),
            change.action().wireName(),
            change.changes().stream().map(f -> new RunReport.Change(f.field().column(), f.from(), f.to())).toList()));
  }

  public void recordAll(List<EntityChange> changes) {
    changes.forEach(c -> record(c, c.entityId()));
  }

  public long updated() {
    return updated;
  }

  public long created() {
    return created;
  }

  public long archived() {
    return archived;
  }

  long total() {
    return updated + created + archived;
  }

  public Map<String, Long> driftByField() {
    return driftByField;
  }

  public List<RunReport.EntityDetail> details() {
    return details;
  }

}
