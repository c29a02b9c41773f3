package com.subscriptionreconciler.plan;

import com.subscriptionreconciler.config.ReconcileRules;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The safety guard (docs/reference.md, How it decides) as a pure decision: abort, applying nothing, when a run
 * would change more than {@code MAX_CHANGE_RATIO} of the rows it checked AND more than
 * {@code MAX_CHANGES_ABSOLUTE} rows, unless {@code force}. Both limits are exclusive: exactly at a limit proceeds.
 *
 * <p>"Changes" are subscription rows written (updates, inserts, archives: {@link Plan#subscriptionChanges()});
 * organization updates follow from those and are not counted twice. "Rows checked" is {@link Plan#checked()}:
 * Stripe subscriptions examined plus rows examined as orphan candidates. A wrong API key (another account, test
 * mode) shows up as almost every row archived, which is exactly what trips this.
 */
public final class SafetyGuard {
  /** Appended to an abort on a database no run ever changed: the likely, harmless reason, and the way on. */
  static final String FIRST_RUN_NOTE = " (these rows were never reconciled, so a first run meets all the drift "
      + "its webhooks ever missed at once: review it with a dry run, then force this first run)";

  private final BigDecimal maxRatio;
  private final long maxAbsolute;
  private final boolean neverReconciled;

  public SafetyGuard(ReconcileRules rules) {
    this(rules, false);
  }

  /** @param neverReconciled no run ever applied changes to this database (its abort message says why) */
  public SafetyGuard(ReconcileRules rules, boolean neverReconciled) {
    this.maxRatio = BigDecimal.valueOf(rules.maxChangeRatio());
    this.maxAbsolute = rules.maxChangesAbsolute();
    this.neverReconciled = neverReconciled;
  }

  /** @param reason why it aborts (null when it proceeds, also when it only proceeds because of force) */
  public record Decision(boolean proceed, boolean forced, String reason) {}

  public Decision decide(Plan plan, boolean force) {
    return decide(plan.subscriptionChanges(), plan.checked(), force);
  }

  /**
   * Whether {@code changes} stay within MAX_CHANGE_RATIO of {@code rowsChecked}, whatever MAX_CHANGES_ABSOLUTE
   * allows: the test for work done on a guess before the run's own decision (nothing checked, nothing allowed).
   */
  public boolean withinRatio(long changes, long rowsChecked) {
    return BigDecimal.valueOf(changes).compareTo(maxRatio.multiply(BigDecimal.valueOf(rowsChecked))) <= 0;
  }

  public Decision decide(long changes, long rowsChecked, boolean force) {
    // changes > ratio * checked, in exact decimal arithmetic: 0.1 * 1000 must be exactly 100.
    boolean overRatio = BigDecimal.valueOf(changes).compareTo(maxRatio.multiply(BigDecimal.valueOf(rowsChecked))) > 0;
    boolean overAbsolute = changes > maxAbsolute;
    if (!(overRatio && overAbsolute)) {
      return new Decision(true, false, null);
    }
    if (force) {
      return new Decision(true, true, null);
    }
    String reason = "would change " + changes + " of " + rowsChecked + " rows (" + percent(changes, rowsChecked)
        + ") > MAX_CHANGE_RATIO " + percent(maxRatio) + " and > MAX_CHANGES_ABSOLUTE " + maxAbsolute
        + "; if this is intended, rerun with --force (CLI) or \"force\": true (Lambda payload)";
    if (neverReconciled) {
      reason = reason + FIRST_RUN_NOTE;
    }
    return new Decision(false, false, reason);
  }

  /**
   * The guard for runs exempt from the ratio only (event runs: most objects they check were named by a change):
   * they abort when they would change more than {@code MAX_CHANGES_ABSOLUTE} rows, whatever they checked.
   */
  public Decision decideAbsoluteOnly(long changes, long rowsChecked) {
    if (changes <= maxAbsolute) {
      return new Decision(true, false, null);
    }
    return new Decision(false, false, "would change " + changes + " of " + rowsChecked + " rows > MAX_CHANGES_ABSOLUTE "
        + maxAbsolute + " (event runs are exempt from MAX_CHANGE_RATIO only)");
  }

  private static String percent(long part, long whole) {
    if (whole == 0) {
      return "all";
    }
    return percent(BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.DOWN));
  }

  private static String percent(BigDecimal ratio) {
    BigDecimal p = ratio.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.DOWN).stripTrailingZeros();
    return p.toPlainString() + "%";
  }
}
