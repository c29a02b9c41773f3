package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.report.ReportText;
import com.fasterxml.jackson.core.JsonGenerator;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.plan.ChangeRecord;
import com.subscriptionreconciler.store.RunHistory;
import com.subscriptionreconciler.store.StoredRun;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code show RUN_ID}: the run's report and its audit trail ({@code reconciliation_changes}). The changes are
 * streamed page by page in every format, so a run with a million changes does not need a million in memory.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Prints one run's report and every change it recorded (or planned, for a dry run).",
      "csv: one line per change, RFC 4180; an empty field is NULL, \"\" is an empty string."
    })
final class ShowCommand implements Callable<Integer> {
  static final List<String> CSV_HEADER = Arrays.asList(
      "run_id", "entity", "entity_id", "stripe_id", "action", "field", "old_value", "new_value", "applied",
      "created_at");

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run (see `runs`).")
  String runId;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|csv", converter = OutputFormat.Any.class,
      description = "text (default), json ({\"report\":…,\"changes\":[…]}) or csv (the changes only).")
  OutputFormat format;

  ShowCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws SQLException, IOException {
    try (HikariDataSource dataSource = context.openDatabase()) {
      RunHistory history = AccountColumns.history(context.env(), dataSource);
      StoredRun run = history.find(runId).orElseThrow(
          () -> new UnknownRunException("no run with id '" + runId + "' (`runs` lists recent run ids)"));
      PrintWriter out = context.out();
      switch (format) {
        case TEXT -> text(run, history, out);
        case JSON -> json(run, history, out);
        case CSV -> csv(history, out);
      }
      out.flush();
      return 0;
    }
  }

  private void text(StoredRun run, RunHistory history, PrintWriter out) throws SQLException {
    ReportText.print(StoredReports.report(run), out);
    out.println("Recorded changes (reconciliation_changes):");
    long count = history.forEachChange(runId, change -> out.printf("  %s%n", describe(change)));
    out.printf("  %d change%s recorded%n", count, count == 1 ? "" : "s");
  }

  static String describe(ChangeRecord c) {
    String entity = c.entity() + (c.entityId() == null ? " (new)" : " #" + c.entityId());
    return String.format("%-7s %s%s  %s: %s -> %s  [%s]", c.action(), entity,
        c.stripeId() == null ? "" : " " + c.stripeId(), c.field(), shown(c.oldValue()), shown(c.newValue()),
        c.applied() ? "applied" : "not applied");
  }

  private static String shown(String value) {
    return value == null ? "∅" : value;
  }

  private void json(StoredRun run, RunHistory history, PrintWriter out) throws SQLException, IOException {
    try (JsonGenerator json = ReportJson.mapper().getFactory().createGenerator(out)) {
      // the generator must not close stdout when it is done
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      json.writeFieldName("report");
      json.writeTree(StoredReports.json(run));
      json.writeArrayFieldStart("changes");
      history.forEachChange(runId, change -> writeChange(json, change));
      json.writeEndArray();
      json.writeEndObject();
    }
    out.println();
  }

  private static void writeChange(JsonGenerator json, ChangeRecord c) {
    try {
      json.writeStartObject();
      json.writeNumberField("id", c.id());
      json.writeStringField("runId", c.runId());
      json.writeStringField("entity", c.entity());
      if (c.entityId() == null) {
        json.writeNullField("entityId");
      } else {
        json.writeNumberField("entityId", c.entityId());
      }
      json.writeStringField("stripeId", c.stripeId());
      json.writeStringField("action", c.action());
      json.writeStringField("field", c.field());
      json.writeStringField("oldValue", c.oldValue());
      json.writeStringField("newValue", c.newValue());
      json.writeBooleanField("applied", c.applied());
      json.writeStringField("createdAt", c.createdAt() == null ? null : c.createdAt().toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void csv(RunHistory history, PrintWriter out) throws SQLException {
    CsvWriter csv = new CsvWriter(out);
    csv.row(CSV_HEADER);
    history.forEachChange(runId, c -> csv.row(Arrays.asList(
        c.runId(), c.entity(), c.entityId() == null ? null : c.entityId().toString(), c.stripeId(), c.action(),
        c.field(), c.oldValue(), c.newValue(), Boolean.toString(c.applied()),
        c.createdAt() == null ? null : c.createdAt().toString())));
  }
}
