package com.subscriptionreconciler.cli;

import java.util.concurrent.Callable;
import com.subscriptionreconciler.demo.AdoptedDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the whole job on embedded defaults; the demo module owns what it does and its exit code. */
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
    return adopted ? AdoptedDemo.run(context.out()) : context.seams().demo().run(context.out());
  }
}
