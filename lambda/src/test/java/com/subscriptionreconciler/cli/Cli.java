package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.RunRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
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
      new RunRequest(RunRequest.Trigger.CLI, RunRequest.Mode.FULL, false, false, null, null, null), "succeeded", false);

  final Engine engine = new Engine() {
    @Override
    public RunReport run(RunRequest request) {
      requests.add(request);
      return outcome.apply(request);
    }

    @Override
    public RunReport rollback(String runId, boolean dryRun, RunRequest.Trigger trigger) {
      rollbacks.add(runId + " dryRun=" + dryRun + " trigger=" + trigger.wireName());
      return rollbackOutcome.apply(runId);
    }
  };

  CliSeams seams = new CliSeams(config -> {
    configs.add(config);
    return engine;
  }, databaseConfig -> engine::rollback, out -> {
    out.println("demo ran");
    return 0;
  });

  Result run(Map<String, String> env, String... args) {
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
