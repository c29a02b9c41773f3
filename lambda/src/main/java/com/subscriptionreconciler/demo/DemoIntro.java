package com.subscriptionreconciler.demo;

import java.io.PrintWriter;
import java.util.TreeMap;

/** The demo's opening text: what was seeded, which drift was injected, and which settings differ from production. */
final class DemoIntro {
  private DemoIntro() {}

  static void print(DemoScenario.Built scenario, String stripeBaseUrl, PrintWriter out) {
    out.println("Subscription Reconciler demo: webhooks for speed, reconciliation for correctness.");
    out.println();
    out.printf("Stripe (emulated at %s): %d customers, %d subscriptions, every status, trials, add-ons.%n",
        stripeBaseUrl, scenario.stripeCustomers(), scenario.stripeSubscriptions());
    out.printf("MySQL (embedded MariaDB): %d organizations and %d subscription rows, seeded exactly in sync%n",
        scenario.organizations(), scenario.seeded().rows() - scenario.organizations());
    out.printf("  (%d rows in %d multi-row INSERTs), then drifted for three days; now %d subscription rows.%n",
        scenario.seeded().rows(), scenario.seeded().statements(), scenario.subscriptionRows());
    out.printf("PLAN_TIER_MAP=%s  DEFAULT_PLAN_TIER=%s%n",
        new TreeMap<>(scenario.planTierMap()), scenario.rules().defaultPlanTier());
    out.println();
    out.printf("Injected drift (%d, one of every kind the reconciler must catch):%n", scenario.manifest().size());
    scenario.manifest().drifts().forEach(d -> out.printf("  %s%n", d.describe()));
    out.println();
    // no counts of its own here: the reports below are the one place the run's numbers come from
    out.println("The dry run below should find every one of them (the unlinked subscription as a warning), and the"
        + " organizations they change.");
    out.printf("Note: safety guard relaxed for the demo to MAX_CHANGE_RATIO=%s (production default 0.10),"
            + " MAX_CHANGES_ABSOLUTE=%d:%n",
        scenario.rules().maxChangeRatio(), scenario.rules().maxChangesAbsolute());
    out.println("  the demo drifts a fifth of a tiny account on purpose; on a real account that much change"
        + " would be refused.");
    out.println();
    out.flush();
  }
}
