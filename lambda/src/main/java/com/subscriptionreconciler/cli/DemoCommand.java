package com.subscriptionreconciler.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code demo}: the whole job on embedded defaults; the demo module owns what it does and its exit code. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Starts an embedded MariaDB and the Stripe emulator, seeds realistic drift, runs a dry run then "
            + "a real run and prints both reports. Needs no AWS, no Stripe account and no database.")
final class DemoCommand implements Callable<Integer> {
  private final CliContext context;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    return context.seams().demo().run(context.out());
  }
}
