package com.subscriptionreconciler.observability;

import com.subscriptionreconciler.report.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * Writes the final line of a run (docs/reference.md, The run report): message {@code Reconciliation completed} or
 * {@code Reconciliation failed}, with the report as a structured {@code report} field (an object, not a string,
 * so Logs Insights can query {@code report.status}). Level follows the outcome: failed is ERROR, aborted and
 * partial are WARN, succeeded is INFO.
 */
public final class RunOutcomeLogger {
  public static final String COMPLETED = "Reconciliation completed";
  public static final String FAILED = "Reconciliation failed";

  private static final Logger LOG = LoggerFactory.getLogger(RunOutcomeLogger.class);

  private final ReportLogView view;

  public RunOutcomeLogger(ReportLogView view) {
    this.view = view;
  }

  public void log(RunReport report) {
    String json = view.render(report).toString();
    var field = StructuredArguments.json("report", json);
    switch (report.status()) {
      case FAILED -> LOG.error(FAILED, field);
      case ABORTED, PARTIAL -> LOG.warn(COMPLETED, field);
      default -> LOG.info(COMPLETED, field);
    }
  }

  /** For an engine that threw instead of returning a failed report: there is no report to attach. */
  public void logCrash(RuntimeException error) {
    LOG.error(FAILED, error);
  }
}
