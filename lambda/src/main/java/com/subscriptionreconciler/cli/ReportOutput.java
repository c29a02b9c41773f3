package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.report.ReportText;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.report.RunReport;
import java.io.PrintWriter;

/**
 * Prints a run report in the chosen format: JSON is exactly the run report object (docs/reference.md, The run
 * report), text is for people.
 */
final class ReportOutput {
  private ReportOutput() {}

  static void print(RunReport report, OutputFormat format, PrintWriter out) {
    print(report, report.mode().wireName(), format, out);
  }

  /** {@code kind} names the run in the text header (e.g. {@code targeted}); the JSON is the report unchanged. */
  static void print(RunReport report, String kind, OutputFormat format, PrintWriter out) {
    switch (format) {
      case JSON -> out.println(ReportJson.write(report));
      case TEXT -> ReportText.print(report, kind, out);
      case CSV -> throw new IllegalArgumentException("a run report has no CSV form");
    }
    out.flush();
  }
}
