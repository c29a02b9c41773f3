package com.subscriptionreconciler.benchmark;

import java.util.List;

/** Renders measurements and verdicts as the Markdown that goes into docs/performance.md. */
final class ResultTable {
  private ResultTable() {}

  static String markdown(List<Measurement> all) {
    StringBuilder sb = new StringBuilder();
    sb.append("| limits | N | r | wall | bound: pages / list rate, or with the orphans at the shared rate | ratio | requests (= ceil(N/100) + orphans + extra)"
        + " | emulator saw (429s) | 429 share | peak in flight"
        + " | req/s while listing (% of r) | req/s overall | DB statements | peak heap (GCs, GC time) | subscription drift found / injected (+ organizations re-derived)"
        + " | 2nd run: changes, requests | baseline wall | speed-up |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement m : all) {
      sb.append("| ").append(m.limits().name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ").append(m.n())
          .append(" | ").append(Targets.fmt(m.rps()))
          .append(" | ").append(Targets.secs(m.wallMs()))
          .append(" | ").append(Targets.fmt(m.boundSeconds())).append(" s (")
          .append(m.boundSeconds() > m.pages() / m.listRate()
              ? "(" + m.pages() + " + " + m.orphans() + ") / " + Targets.fmt(m.sharedRate())
              : m.pages() + " / " + Targets.fmt(m.listRate()))
          .append(")")
          .append(" | ").append(Targets.fmt(m.ratioToBound())).append("x")
          .append(" | ").append(m.requests()).append(" = ").append(m.pages()).append(" + ").append(m.orphans())
          .append(" + ").append(m.requestOverhead())
          .append(" | ").append(m.emulatorRequests()).append(" (").append(m.throttled()).append(")")
          .append(" | ").append(String.format(java.util.Locale.ROOT, "%.2f%%", 100 * m.refusedShare()))
          .append(" | ").append(m.peakInFlight())
          .append(" | ").append(Targets.fmt(m.windowRps())).append(" (").append(Targets.pct(m.windowRps() / m.rps())).append(")")
          .append(" | ").append(Targets.fmt(m.totalRps()))
          .append(" | ").append(m.statements())
          .append(" | ").append(Targets.mb(m.peakHeapBytes())).append(" MB (").append(m.gcCount()).append(", ")
          .append(m.gcMillis()).append(" ms)")
          .append(" | ").append(m.found()).append(" / ").append(m.injected()).append(" (+").append(m.organizationChanges()).append(")")
          .append(" | ").append(m.secondRunChanges()).append(", ").append(m.secondRunRequests())
          .append(" | ").append(m.baselineWallMs() == null ? "–" : Targets.secs(m.baselineWallMs()))
          .append(" | ").append(m.speedUp() == null ? "–" : Targets.fmt(m.speedUp()) + "x")
          .append(" |\n");
    }
    sb.append("\n");
    for (Targets.Verdict v : Targets.judge(all)) {
      sb.append("- ").append(v.met() ? "MET" : "MISSED").append(": ").append(v.target()).append(" — ")
          .append(v.evidence()).append("\n");
    }
    return sb.toString();
  }
}
