package com.subscriptionreconciler.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code subscription-reconciler}: holds the subcommands; run without one it is a usage error. */
@Command(
    name = "subscription-reconciler",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Makes the MySQL billing copy match Stripe (Stripe always wins; nothing is ever deleted).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ran, and the data now matches Stripe (or a dry run found no drift)",
      "1:the run failed",
      "2:usage or configuration error, or an unknown run id",
      "3:a dry run found drift",
      "4:the run finished with per-item errors (partial)",
      "5:aborted by the safety guard, or another run holds the lock; nothing applied"
    },
    footerHeading = "%nConfiguration:%n",
    footer = {
      "Environment variables (all of them, with defaults: docs/reference.md,",
      "Configuration): JDBC_URL, or DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD, or",
      "DB_SECRET_ID; STRIPE_SECRET_KEY or STRIPE_SECRET_ID (reconcile only);",
      "STRIPE_API_BASE, STRIPE_MAX_RPS, PLAN_TIER_MAP, DEFAULT_PLAN_TIER,",
      "MAX_CHANGE_RATIO, MAX_CHANGES_ABSOLUTE, LOG_LEVEL.",
      "No Stripe account at hand? `emulator` serves a generated one on 127.0.0.1 and",
      "prints the variables to set."
    })
final class TopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "missing command: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
