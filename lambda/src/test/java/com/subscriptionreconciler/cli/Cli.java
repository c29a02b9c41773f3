package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.demo.DemoOutcome;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the CLI in-process like {@code java -jar} would, capturing exit code, stdout and stderr. The engine is a
 * recording stand-in (the real engine is another unit): it keeps every request and config and answers with
 * {@link #outcome}.
 */
final class Cli {
  final List<RunRequest> requests = new ArrayList<>();
  final List<ReconcilerConfig> configs = new ArrayList<>();
  final List<String> rollbacks = new ArrayList<>();
  Function<RunRequest, RunReport> outcome = request -> Reports.of(request, "succeeded", false);
  Function<String, RunReport> rollbackOutcome = runId -> Reports.of(
      new RunRequest(Trigger.CLI, Mode.FULL, false, false, null, null, null), "succeeded", false);
  /** What the stand-in demo ends with: by default its final dry run found nothing and every part showed. */
  DemoOutcome demoOutcome = new DemoOutcome(Reports.of(
      new RunRequest(Trigger.CLI, Mode.FULL, true, false, null, null, null), "succeeded", false),
      true);

  final Engine engine = new Engine() {
    @Override
    public RunReport run(RunRequest request) {
      requests.add(request);
      return outcome.apply(request);
    }

    @Override
    public RunReport rollback(String runId, boolean dryRun, Trigger trigger) {
      rollbacks.add(runId + " dryRun=" + dryRun + " trigger=" + trigger.wireName());
      return rollbackOutcome.apply(runId);
    }
  };

  CliSeams seams = new CliSeams(config -> {
    configs.add(config);
    return engine;
  }, (databaseConfig, accounts) -> engine::rollback, out -> {
    out.println("demo ran");
    return demoOutcome;
  });

  Result run(Map<String, String> env, String... args) {
    return execute(env, args, seams);
  }

  /** The variables that point the CLI at a test database and the emulator (a mutable copy, to add to). */
  static Map<String, String> environment(TestDatabase db, StripeEmulator emulator) {
    Map<String, String> env = new HashMap<>();
    env.put("JDBC_URL", db.jdbcUrl());
    env.put("DB_USER", db.user());
    env.put("DB_PASSWORD", db.password().reveal());
    env.put("STRIPE_SECRET_KEY", emulator.apiKey());
    env.put("STRIPE_API_BASE", emulator.baseUrl());
    return env;
  }

  /** The CLI with the production wiring (the real engine and database), as {@code java -jar} runs it. */
  static Result real(Map<String, String> env, String... args) {
    return execute(env, args, CliSeams.defaults());
  }

  private static Result execute(Map<String, String> env, String[] args, CliSeams seams) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, Environment.of(env), new PrintWriter(out), new PrintWriter(err), seams);
    return new Result(exit, out.toString(), err.toString());
  }

  record Result(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }
}
