package com.subscriptionreconciler.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.store.RunSummary;
import com.subscriptionreconciler.store.StoredRun;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stored run's report for {@code show}: the {@code report} column as the engine wrote it, or, for a run that is
 * still running or died before writing one, a report rebuilt from the row's counts that says so in its warnings.
 */
final class StoredReports {
  static final String NO_STORED_REPORT = "no stored report for this run; counts are from the run row";
  static final String UNREADABLE_REPORT = "the stored report could not be read; counts are from the run row";

  /** Lenient: a report written by a newer version may carry fields this one does not know. */
  private static final ObjectReader READER =
      ReportJson.mapper().readerFor(RunReport.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private StoredReports() {}

  /** For text rendering. */
  static RunReport report(StoredRun run) {
    Optional<String> json = run.reportJson();
    if (json.isEmpty()) {
      return fromRow(run.summary(), NO_STORED_REPORT);
    }
    try {
      return READER.readValue(json.get());
    } catch (JsonProcessingException e) {
      return fromRow(run.summary(), UNREADABLE_REPORT);
    }
  }

  /** For JSON output: the stored object itself, key order and unknown fields preserved. */
  static JsonNode json(StoredRun run) {
    Optional<String> json = run.reportJson();
    if (json.isPresent()) {
      try {
        JsonNode node = ReportJson.mapper().readTree(json.get());
        if (node != null && node.isObject()) {
          return node;
        }
      } catch (JsonProcessingException e) {
        // fall through to the row's counts
      }
      return ReportJson.tree(fromRow(run.summary(), UNREADABLE_REPORT));
    }
    return ReportJson.tree(fromRow(run.summary(), NO_STORED_REPORT));
  }

  /** @throws UnknownRunValueException when the row's trigger, mode or status is one this version does not know */
  static RunReport fromRow(RunSummary row, String warning) {
    return new RunReport(row.runId(), known(row, "trigger", row.trigger(), Trigger::fromWireName),
        known(row, "mode", row.mode(), Mode::fromWireName), row.dryRun(),
        known(row, "status", row.status(), RunStatus::fromWireName), row.startedAt(),
        row.finishedAt(), row.durationMs() == null ? 0 : row.durationMs(), row.totalOrganizations(),
        row.totalSubscriptions(), row.synchronizedCount(), row.created(), row.archived(), row.skipped(),
        row.unlinked(), row.errors(), Map.of(), row.stripeRequests(), List.of(warning), List.of(), null, null,
        row.error(), null, null, row.account(), List.of());
  }

  private static <T> T known(RunSummary row, String column, String value, Function<String, Optional<T>> parse) {
    return parse.apply(value).orElseThrow(() -> new UnknownRunValueException(row.runId(), column, value));
  }
}
