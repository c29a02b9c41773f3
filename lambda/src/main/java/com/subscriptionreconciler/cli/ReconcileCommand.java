package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.config.ReconcilerConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
      description = "Only this Stripe customer: cus_…, or acct_… for a customer represented as an Account "
          + "(repeatable, or comma-separated).")
  List<String> customerIds = new ArrayList<>();

  @Option(names = "--subscription", paramLabel = "sub_…", split = ",", converter = TargetIds.SubscriptionId.class,
      description = "Only this Stripe subscription (repeatable, or comma-separated).")
  List<String> subscriptionIds = new ArrayList<>();

  @Option(names = "--force",
      description = "Apply even when the safety guard (MAX_CHANGE_RATIO / MAX_CHANGES_ABSOLUTE) would abort.")
  boolean force;

  @Option(names = "--account", paramLabel = "LABEL", split = ",",
      description = "With STRIPE_ACCOUNTS: only this account (repeatable, or comma-separated). Default: every "
          + "account, one run each, default account first; the exit code is the most severe of their runs.")
  List<String> accounts = new ArrayList<>();

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
    List<ReconcilerConfig> configs = accountConfigs(context.reconcilerConfig());
    ExitCode worst = ExitCode.IN_SYNC;
    for (ReconcilerConfig config : configs) {
      // one run per account, each on an engine of its own; a failed account does not stop the next one
      RunReport report = context.withEngine(config, engine -> engine.run(request));
      ReportOutput.print(report, request.targeted() ? "targeted" : report.mode(), format, context.out());
      worst = moreSevere(worst, ExitCode.of(report));
    }
    return worst.code();
  }

  /** The configurations to run: the accounts asked for (each once, in the order given), else every account. */
  private List<ReconcilerConfig> accountConfigs(ReconcilerConfig loaded) {
    if (accounts.isEmpty()) {
      return loaded.perAccount();
    }
    // forAccount refuses an unknown label, and any label without STRIPE_ACCOUNTS, before a run starts
    List<ReconcilerConfig> configs = new ArrayList<>();
    for (String label : new LinkedHashSet<>(accounts)) {
      configs.add(loaded.forAccount(label));
    }
    return configs;
  }

  /** Several accounts' runs end in one exit code: a failure outranks an abort, then errors, then drift. */
  static ExitCode moreSevere(ExitCode a, ExitCode b) {
    List<ExitCode> bySeverity =
        List.of(ExitCode.IN_SYNC, ExitCode.DRIFT_FOUND, ExitCode.PARTIAL, ExitCode.ABORTED, ExitCode.FAILED);
    return bySeverity.indexOf(a) >= bySeverity.indexOf(b) ? a : b;
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
