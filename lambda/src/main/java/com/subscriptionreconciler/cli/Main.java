package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.SecretSource;
import com.subscriptionreconciler.secrets.CachingSecretSource;
import com.subscriptionreconciler.secrets.SecretsManagerClientFactory;
import com.subscriptionreconciler.secrets.SecretsManagerSecretSource;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The CLI jar's entry point ({@code java -jar subscription-reconciler.jar <command>}; docs/reference.md, CLI
 * commands).
 *
 * <p>{@link #main} is the only place that touches the process: environment, stdout/stderr and {@code System.exit}.
 * {@link #execute(String[], Environment, PrintWriter, PrintWriter, CliSeams)} is the whole CLI as a function of
 * those, which is what the tests call.
 */
public final class Main {
  /** Log lines go to stderr in the CLI, so stdout carries only the command's output (parseable with --format json). */
  static final String CLI_LOG_CONFIG = "log4j2-cli.xml";

  private Main() {}

  public static void main(String[] args) {
    // must happen before the first logger is created, i.e. before anything below runs
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", CLI_LOG_CONFIG);
    }
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(execute(args, Environment.system(), out, err, CliSeams.defaults()));
  }

  public static int execute(String[] args, Environment env, PrintWriter out, PrintWriter err, CliSeams seams) {
    // Secrets Manager is contacted only if a *_SECRET_ID variable asks for it; each secret once per process
    SecretSource secrets =
        new CachingSecretSource(new SecretsManagerSecretSource(() -> SecretsManagerClientFactory.create(env)));
    CliContext context = new CliContext(env, out, err, secrets, seams);
    FailureReporter failures = new FailureReporter(env, err);

    CommandLine commandLine = commandLine(context);
    commandLine
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(Main::usageError)
        .setExecutionExceptionHandler((failure, cmd, parsed) -> failures.report(failure));
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Every command and its options: what {@code --help} shows, and what docs/reference.md is checked against. */
  static CommandLine commandLine(CliContext context) {
    return new CommandLine(new TopCommand())
        .addSubcommand(new ReconcileCommand(context))
        .addSubcommand(new MigrateCommand(context))
        .addSubcommand(new DoctorCommand(context))
        .addSubcommand(new RunsCommand(context))
        .addSubcommand(new ShowCommand(context))
        .addSubcommand(new RollbackCommand(context))
        .addSubcommand(new DemoCommand(context))
        .addSubcommand(new EmulatorCommand(context))
        .addSubcommand(new ListenCommand(context));
  }

  /** Bad flag, bad value, missing argument: what is wrong, then the usage of the command that was meant. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println();
    cmd.usage(err);
    err.flush();
    return ExitCode.USAGE.code();
  }
}
