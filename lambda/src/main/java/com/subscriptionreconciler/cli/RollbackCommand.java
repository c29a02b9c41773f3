package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.config.AccountScopes;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.Trigger;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollback RUN_ID}: restores what that run changed (docs/reference.md, How it decides); itself a run with
 * its own report, run as the account of the run it undoes (Several Stripe accounts). Needs the database only, no
 * Stripe key.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Restores the old value of every change RUN_ID applied, refusing per row where the row has "
            + "changed since. Itself a run (mode rollback) with its own report, audit trail and exit code.")
final class RollbackCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to roll back (see `runs`).")
  String runId;

  @Option(names = "--dry-run", description = "Report what would be restored, change nothing.")
  boolean dryRun;

  @Option(names = "--account", paramLabel = "LABEL",
      description = "With STRIPE_ACCOUNTS: the account RUN_ID must belong to; a run of another account is refused "
          + "(exit 2). The rollback always runs as the run's own account, with or without this option.")
  String account;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", converter = OutputFormat.TextOrJson.class,
      description = "text (default) or json (the run report object).")
  OutputFormat format;

  RollbackCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    // --account names an account of STRIPE_ACCOUNTS (else a configuration error) that the run must belong to
    Function<AccountScopes, AccountScopes> asked = accounts -> account == null ? accounts : accounts.asking(account);
    RunReport report = context.withRollbacks(asked, rollbacks -> {
      try {
        return rollbacks.rollback(runId, dryRun, Trigger.CLI);
      } catch (IllegalArgumentException e) {
        // the engine's contract: an unknown run id, or a run of another account than asked, is a usage error
        throw new UnknownRunException(e.getMessage());
      }
    });
    ReportOutput.print(report, format, context.out());
    return ExitCode.of(report).code();
  }
}
