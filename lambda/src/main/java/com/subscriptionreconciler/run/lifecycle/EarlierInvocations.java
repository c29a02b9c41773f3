package com.subscriptionreconciler.run.lifecycle;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.guard.RunningTotals;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the earlier invocations of a resumed run counted, carried in its resume state so the final report (and
 * the run row) holds the totals of the whole run, and so the safety guard judges the run as a whole.
 *
 * @param checked subscription rows checked (the report's {@code totalSubscriptions})
 * @param plannedChanges subscription changes planned (what the safety guard counts)
 */
public record EarlierInvocations(
    long checked,
    long plannedChanges,
    long skipped,
    long unlinked,
    long updated,
    long created,
    long archived,
    long errors,
    long stripeRequests,
    Map<String, Long> driftByField,
    List<String> warnings,
    List<RunReport.EntityDetail> details) {

  public EarlierInvocations {
    driftByField = driftByField == null ? Map.of() : Map.copyOf(driftByField);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    details = details == null ? List.of() : List.copyOf(details);
  }

  static EarlierInvocations none() {
    return new EarlierInvocations(0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), List.of());
  }

  /** The totals of a (cumulative) report of a paused invocation. */
  static EarlierInvocations of(RunReport report, long plannedChanges) {
    return new EarlierInvocations(report.totalSubscriptions(), plannedChanges, report.skipped(), report.unlinked(),
        report.synchronized_(), report.created(), report.archived(), report.errors(), report.stripeRequests(),
        report.driftByField(), report.warnings(), report.details());
  }

  /** What the earlier invocations checked and planned: where this invocation's guard totals start. */
  public RunningTotals running() {
    return new RunningTotals(checked, plannedChanges);
  }

  Map<String, Long> driftPlus(Map<String, Long> more) {
    Map<String, Long> sum = new TreeMap<>(driftByField);
    more.forEach((k, v) -> sum.merge(k, v, Long::sum));
    return sum;
  }

  /** Earlier warnings first; a warning every invocation repeats (an unknown price, say) is kept once. */
  List<String> warningsPlus(List<String> more) {
    LinkedHashSet<String> all = new LinkedHashSet<>(warnings);
    all.addAll(more);
    return List.copyOf(all);
  }

  List<RunReport.EntityDetail> detailsPlus(List<RunReport.EntityDetail> more) {
    List<RunReport.EntityDetail> all = new ArrayList<>(details);
    all.addAll(more);
    return all;
  }
}
