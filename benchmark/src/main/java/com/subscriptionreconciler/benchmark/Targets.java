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
      at = m.limits().name().toLowerCase(java.util.Locale.ROOT) + " limits, " + at;
      String wall = secs(m.wallMs()) + " vs bound " + fmt(m.boundSeconds()) + " s = " + fmt(m.ratioToBound()) + "x";
      String refused = m.throttled() + " of " + m.emulatorRequests() + " = "
          + String.format(java.util.Locale.ROOT, "%.2f%%", 100 * m.refusedShare());
      switch (m.limits()) {
        case LIVE -> {
          out.add(new Verdict("wall <= 1.1x the realistic bound (" + at + ")", m.ratioToBound() <= 1.1, wall));
          out.add(new Verdict("429s <= 0.5% of attempts (" + at + ")", m.refusedShare() <= 0.005, refused));
        }
        case LOW -> {
          out.add(new Verdict("wall <= 1.3x that account's bound (" + at + ")", m.ratioToBound() <= 1.3, wall));
          out.add(new Verdict("429s <= 5% of attempts (" + at + ")", m.refusedShare() <= 0.05, refused));
        }
        case SANDBOX -> out.add(new Verdict("no 429 from the sandbox's global limit (" + at + ")",
            m.throttled() == 0 || m.refusedShare() <= 0.005, refused + " (all reasons; see results.json)"));
        case NONE -> { }
      }
      if (m.n() >= 1_000_000) {
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
