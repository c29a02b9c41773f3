package com.subscriptionreconciler.report;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a run report for a person at a terminal: the verdict and counts first, then drift by field, then each
 * changed entity with its field changes. The JSON form ({@code --format json}) is the machine contract; this
 * one is free to read well.
 */
public final class ReportText {
  private static final int DETAIL_LIMIT = 200;

  private ReportText() {}

  public static void print(RunReport r, PrintWriter out) {
    print(r, r.mode().wireName(), out);
  }

  /**
   * As {@link #print(RunReport, PrintWriter)}, with the header naming the run's kind: a targeted run's report says
   * mode {@code full} (the report's modes are full, incremental and rollback), which reads wrong to the person who
   * just asked for three subscriptions, so the caller that knows the request says {@code targeted}.
   */
  public static void print(RunReport r, String kind, PrintWriter out) {
    out.printf(
        "Run %s  %s%s  %s  (%s, %d ms)%n",
        r.runId(),
        kind,
        r.dryRun() ? " dry-run" : "",
        r.status().wireName().toUpperCase(java.util.Locale.ROOT),
        r.trigger().wireName(),
        r.durationMs());
    if (r.account() != null) {
      out.printf("  account: %s%n", r.account());
    }
    if (r.abortReason() != null) {
      out.printf("  aborted: %s%n", r.abortReason());
    }
    if (r.fallbackReason() != null) {
      out.printf("  note: %s%n", r.fallbackReason());
    }
    if (r.error() != null) {
      out.printf("  error: %s%n", r.error());
    }
    if (r.abortReason() != null) {
      // an aborted run stops before organizations are derived: "checked 0 organizations" would be false
      out.printf("  checked %d subscriptions (organizations not derived: the run was aborted); %d Stripe requests%n",
          r.totalSubscriptions(), r.stripeRequests());
    } else {
      out.printf("  checked %d organizations, %d subscriptions; %d Stripe requests%n",
          r.totalOrganizations(), r.totalSubscriptions(), r.stripeRequests());
    }
    out.printf(
        "  %s %d   created %d   archived %d   in sync %d   unlinked %d   errors %d%n",
        r.dryRun() ? "would change" : "changed",
        r.synchronized_(),
        r.created(),
        r.archived(),
        r.skipped(),
        r.unlinked(),
        r.errors());
    if (r.webhookHealth() != null) {
      out.printf(
          "  webhooks: %d events undelivered in the last 7 days %s%n",
          r.webhookHealth().undeliveredEvents(), r.webhookHealth().undeliveredByType());
    }
    if (!r.driftByField().isEmpty()) {
      out.println("Drift by field:");
      for (Map.Entry<String, Long> e : new TreeMap<>(r.driftByField()).entrySet()) {
        out.printf("  %-24s %d%n", e.getKey(), e.getValue());
      }
    }
    if (!r.warnings().isEmpty()) {
      out.println("Warnings:");
      r.warnings().forEach(w -> out.printf("  - %s%n", w));
    }
    if (!r.details().isEmpty()) {
      out.println("Changes:");
      r.details().stream().limit(DETAIL_LIMIT).forEach(d -> printDetail(d, out));
      if (r.details().size() > DETAIL_LIMIT) {
        out.printf("  … %d more (use --format json for all)%n", r.details().size() - DETAIL_LIMIT);
      }
    }
    out.flush();
  }

  private static void printDetail(RunReport.EntityDetail d, PrintWriter out) {
    out.printf(
        "  %-7s %s %s%s%n",
        d.action(), d.entity(), d.id() == null ? "(new)" : "#" + d.id(), d.stripeId() == null ? "" : " " + d.stripeId());
    for (RunReport.Change c : d.changes()) {
      out.printf("      %-22s %s -> %s%n", c.field(), show(c.from()), show(c.to()));
    }
  }

  private static String show(String value) {
    return value == null ? "∅" : value;
  }
}
