package com.subscriptionreconciler.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * The performance targets of docs/performance.md, judged on measurements. Pure, so the judgement itself is unit-tested.
 */
final class Targets {
  /** The "constant" allowed beyond ceil(N/100) + orphans: catalog, events, and one partial page per range. */
  static final long REQUEST_CONSTANT = 100;

  private Targets() {}

  record Verdict(String target, boolean met, String evidence) {}

  static List<Verdict> judge(List<Measurement> all) {
    List<Verdict> out = new ArrayList<>();
    for (Measurement m : all) {
      String at = "N=" + m.n() + ", r=" + fmt(m.rps());
      out.add(new Verdict("requests <= ceil(N/100) + orphans + " + REQUEST_CONSTANT + " (" + at + ")",
          m.requestOverhead() <= REQUEST_CONSTANT,
          m.requests() + " = " + m.pages() + " + " + m.orphans() + " + " + m.requestOverhead()));
      out.add(new Verdict("drift found = injected, second run finds 0 (" + at + ")",
          m.found() == m.injected() && m.secondRunChanges() == 0,
          "found " + m.found() + " of " + m.injected() + "; second run " + m.secondRunChanges()));
      if (m.n() >= 100_000) {
        out.add(new Verdict("achieved >= 85% of STRIPE_MAX_RPS (" + at + ")", m.windowRps() >= 0.85 * m.rps(),
            fmt(m.windowRps()) + " req/s while talking to Stripe = " + pct(m.windowRps() / m.rps())
                + "; " + fmt(m.totalRps()) + " req/s over the whole run"));
      }
      if (m.n() >= 1_000_000 && m.rps() == 100) {
        out.add(new Verdict("1M at 100 rps within 1.25x of N/(100r) (" + at + ")", m.ratioToBound() <= 1.25,
            secs(m.wallMs()) + " vs bound " + fmt(m.boundSeconds()) + " s = " + fmt(m.ratioToBound()) + "x"));
        out.add(new Verdict("1M peak heap < 512 MB (" + at + ")", m.peakHeapBytes() < 512L * 1024 * 1024,
            mb(m.peakHeapBytes()) + " MB"));
      }
      if (m.speedUp() != null && m.n() >= 10_000) { // the speed-up target is set at 10k; below, fixed costs dominate
        out.add(new Verdict(">= 50x faster than the per-row baseline (" + at + ")", m.speedUp() >= 50,
            "baseline " + secs(m.baselineWallMs()) + " / engine " + secs(m.wallMs()) + " = " + fmt(m.speedUp()) + "x"));
      }
    }
    return out;
  }

  static String fmt(double d) {
    return String.format(java.util.Locale.ROOT, d >= 100 ? "%.0f" : "%.2f", d);
  }

  static String pct(double fraction) {
    return String.format(java.util.Locale.ROOT, "%.0f%%", fraction * 100);
  }

  static String secs(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  static long mb(long bytes) {
    return Math.round(bytes / (1024.0 * 1024.0));
  }
}
