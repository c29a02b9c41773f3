package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.doctor.Doctor;
import com.subscriptionreconciler.doctor.DoctorReport;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code doctor [--format text|json]}: checks what a first run depends on; changes nothing anywhere. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
        // picocli's command list shows the first line alone: it must be a whole sentence
        "Checks everything a first run depends on, one line per check with its fix; changes nothing.",
        "Configuration; database: reachable, TLS, version, migrations, mapped tables and column types, grants,"
            + " organizations without a customer id; Stripe (each account of STRIPE_ACCOUNTS): key mode, read access"
            + " to each endpoint, clock skew, unlinked subscriptions, and that the tiers its prices give fit the"
            + " tier columns.",
        "Exit code 0 all passed, 1 something failed (each failure with its fix), 2 usage."})
final class DoctorCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "--format", defaultValue = "text", description = "text (default) or json")
  DoctorFormat format;

  enum DoctorFormat { text, json }

  DoctorCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    DoctorReport report = new Doctor(context.env(), context.secrets(), Clock.systemUTC()).run();
    context.out().print(format == DoctorFormat.json ? report.jsonText() + System.lineSeparator() : report.text());
    context.out().flush();
    return report.exitCode();
  }
}
