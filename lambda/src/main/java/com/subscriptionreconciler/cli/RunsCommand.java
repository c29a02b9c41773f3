package com.subscriptionreconciler.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.store.RunSummary;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code runs}: recent runs, newest first, one line each; needs the database configuration only. */
@Command(name = "runs", mixinStandardHelpOptions = true,
    description = {"Lists recent runs, newest first.",
        "COUNTS says what SYNC, CREATED and ARCHIVED are: 'applied' (written to the database), 'planned' (a dry "
            + "run, or a run the safety guard or the lock aborted: nothing written) or '-' (a failed run: see "
            + "`show RUN_ID` for each change and whether it was applied)."})
final class RunsCommand implements Callable<Integer> {
  /** A screenful is the point; more than this belongs in SQL against the table. */
  static final int MAX_LIMIT = 10_000;

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "How many runs (default 20).")
  int limit;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", converter = OutputFormat.TextOrJson.class,
      description = "text (default) or json (an array of run summaries).")
  OutputFormat format;

  RunsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws SQLException, JsonProcessingException {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ParameterException(spec.commandLine(), "--limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    List<RunSummary> runs;
    boolean accounts = AccountColumns.shown(context.env());
    try (HikariDataSource dataSource = context.openDatabase()) {
      runs = AccountColumns.history(context.env(), dataSource).recent(limit);
    }
    if (format == OutputFormat.JSON) {
      ArrayNode array = ReportJson.mapper().createArrayNode();
      runs.forEach(run -> array.add(accounts ? json(run).put("account", run.account()) : json(run)));
      context.out().println(ReportJson.mapper().writeValueAsString(array));
    } else {
      printTable(runs, accounts, context.out());
    }
    context.out().flush();
    return 0;
  }

  /** Field names follow the run report's (docs/reference.md, The run report) so scripts use one vocabulary. */
  static ObjectNode json(RunSummary run) {
    ObjectNode node = ReportJson.mapper().createObjectNode();
    node.put("runId", run.runId());
    node.put("trigger", run.trigger());
    node.put("mode", run.mode());
    node.put("dryRun", run.dryRun());
    node.put("status", run.status());
    Boolean applied = countsApplied(run);
    if (applied == null) {
      node.putNull("applied");
    } else {
      node.put("applied", applied);
    }
    node.put("startedAt", iso(run.startedAt()));
    node.put("finishedAt", iso(run.finishedAt()));
    node.put("durationMs", run.durationMs());
    node.put("totalOrganizations", run.totalOrganizations());
    node.put("totalSubscriptions", run.totalSubscriptions());
    node.put("synchronized", run.synchronizedCount());
    node.put("created", run.created());
    node.put("archived", run.archived());
    node.put("skipped", run.skipped());
    node.put("unlinked", run.unlinked());
    node.put("errors", run.errors());
    node.put("stripeRequests", run.stripeRequests());
    node.put("error", run.error());
    node.put("rollbackOfRunId", run.rollbackOfRunId());
    return node;
  }

  private static void printTable(List<RunSummary> runs, boolean accounts, PrintWriter out) {
    if (runs.isEmpty()) {
      out.println("no runs recorded yet");
      return;
    }
    int idWidth = Math.max("RUN ID".length(), runs.stream().mapToInt(r -> r.runId().length()).max().orElse(0));
    String row = "%-" + idWidth + "s  %-20s  %-8s  %-11s  %-3s  %-9s  %-7s  %6s  %7s  %8s  %6s  %9s%n";
    // with several Stripe accounts, a last column says whose run it was ("-": recorded before STRIPE_ACCOUNTS)
    String withAccount = row.replace("%n", "  %s%n");
    out.printf(accounts ? withAccount : row, "RUN ID", "STARTED (UTC)", "TRIGGER", "MODE", "DRY", "STATUS", "COUNTS",
        "SYNC", "CREATED", "ARCHIVED", "ERRORS", "DURATION", "ACCOUNT");
    for (RunSummary r : runs) {
      Boolean applied = countsApplied(r);
      out.printf(accounts ? withAccount : row, r.runId(), started(r.startedAt()), r.trigger(), r.mode(),
          r.dryRun() ? "yes" : "no", r.status(), applied == null ? "-" : applied ? "applied" : "planned",
          r.synchronizedCount(), r.created(), r.archived(), r.errors(), duration(r.durationMs()),
          r.account() == null ? "-" : r.account());
    }
  }

  /**
   * Whether a run's counts were written (true) or only planned (false); null for a failed run, whose counts say
   * neither (it may have failed before, during or after writing). A dry run writes nothing by definition; an
   * aborted run (safety guard, or another run holding the lock) stops before its first write.
   */
  static Boolean countsApplied(RunSummary run) {
    // null for a status this version does not know (a newer one recorded it): counted as applied, like a success
    RunStatus status = RunStatus.fromWireName(run.status()).orElse(null);
    if (run.dryRun() || status == RunStatus.ABORTED) {
      return false;
    }
    return status == RunStatus.FAILED ? null : true;
  }

  private static String started(Instant at) {
    return at == null ? "-" : at.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", "");
  }

  static String duration(Long millis) {
    if (millis == null) {
      return "-";
    }
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 120_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    return String.format(Locale.ROOT, "%d min %d s", millis / 60_000, (millis / 1000) % 60);
  }

  private static String iso(Instant at) {
    return at == null ? null : at.toString();
  }
}
