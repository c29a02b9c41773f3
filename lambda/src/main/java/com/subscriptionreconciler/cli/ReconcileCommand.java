package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.report.ExitCode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.RunRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code reconcile}: one run of the engine, exactly as the Lambda would do it, with trigger {@code cli}. */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description =
        "Reads Stripe and makes the database match it. With ids, reconciles just those organizations, "
            + "customers or subscriptions. Exit code 0 in sync, 3 dry run found drift, 4 per-item errors, 5 "
            + "aborted by the safety guard or another run holds the lock, 1 failed, 2 usage or configuration.")
final class ReconcileCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "--dry-run", description = "Plan and report, change nothing (changes are recorded as planned).")
  boolean dryRun;

  @Option(names = "--mode", defaultValue = "full", paramLabel = "full|incremental", converter = ModeConverter.class,
      description = "full (default) or incremental (events since the last checkpoint).")
  RunRequest.Mode mode;

  @Option(names = "--organization", paramLabel = "ID", split = ",", converter = TargetIds.OrganizationId.class,
      description = "Only this organization (repeatable, or comma-separated).")
  List<Long> organizationIds = new ArrayList<>();

  @Option(names = "--customer", paramLabel = "cus_…", split = ",", converter = TargetIds.CustomerId.class,
      description = "Only this Stripe customer (repeatable, or comma-separated).")
  List<String> customerIds = new ArrayList<>();

  @Option(names = "--subscription", paramLabel = "sub_…", split = ",", converter = TargetIds.SubscriptionId.class,
      description = "Only this Stripe subscription (repeatable, or comma-separated).")
  List<String> subscriptionIds = new ArrayList<>();

  @Option(names = "--force",
      description = "Apply even when the safety guard (MAX_CHANGE_RATIO / MAX_CHANGES_ABSOLUTE) would abort.")
  boolean force;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", converter = OutputFormat.TextOrJson.class,
      description = "text (default) or json (the run report object, see docs/reference.md, The run report).")
  OutputFormat format;

  ReconcileCommand(CliContext context) {
    this.context = context;
  }

  RunRequest request() {
    return new RunRequest(
        RunRequest.Trigger.CLI, mode, dryRun, force, organizationIds, customerIds, subscriptionIds);
  }

  @Override
  public Integer call() {
    RunRequest request = request();
    RunReport report = context.withEngine(engine -> engine.run(request));
    ReportOutput.print(report, request.targeted() ? "targeted" : report.mode(), format, context.out());
    return ExitCode.of(report).code();
  }

  /** Same words and message as the Lambda payload's {@code mode}. */
  static final class ModeConverter implements ITypeConverter<RunRequest.Mode> {
    @Override
    public RunRequest.Mode convert(String value) {
      try {
        return RunRequest.Mode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
