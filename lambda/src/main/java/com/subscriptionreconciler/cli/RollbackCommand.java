package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.RunRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollback RUN_ID}: restores what that run changed (docs/reference.md, How it decides); itself a run with
 * its own report. Needs the database only, no Stripe key.
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

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", converter = OutputFormat.TextOrJson.class,
      description = "text (default) or json (the run report object).")
  OutputFormat format;

  RollbackCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    RunReport report = context.withRollbacks(rollbacks -> {
      try {
        return rollbacks.rollback(runId, dryRun, RunRequest.Trigger.CLI);
      } catch (IllegalArgumentException e) {
        // the engine's contract: an unknown (or not roll-back-able) run id is a usage error
        throw new UnknownRunException(e.getMessage());
      }
    });
    ReportOutput.print(report, format, context.out());
    return ExitCode.of(report).code();
  }
}
