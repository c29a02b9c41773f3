package com.subscriptionreconciler.cli;

import java.util.concurrent.Callable;
import com.subscriptionreconciler.demo.AdoptedDemo;
import com.subscriptionreconciler.demo.DemoOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole job on embedded defaults. The demo module owns what it does; its exit code is the final
 * check's, as {@link ExitCode} maps every run, unless a later part of the demo did not show what it should.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Starts an embedded MariaDB and the Stripe emulator, seeds realistic drift, runs a dry run then "
            + "a real run and prints both reports. Needs no AWS, no Stripe account and no database.")
final class DemoCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "--adopted",
      description = "Run on tables shaped like an application's own (other names, fewer columns): adopt them, "
          + "then reconcile through SCHEMA_MAP.")
  boolean adopted;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    DemoOutcome outcome = adopted ? AdoptedDemo.run(context.out()) : context.seams().demo().run(context.out());
    return (outcome.everyPartShown() ? ExitCode.of(outcome.finalCheck()) : ExitCode.FAILED).code();
  }
}
