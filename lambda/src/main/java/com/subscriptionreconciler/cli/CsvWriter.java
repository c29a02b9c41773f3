package com.subscriptionreconciler.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * RFC 4180 CSV: CRLF line ends; a field containing a comma, a double quote, CR or LF is quoted, with its quotes
 * doubled. Old/new values are often JSON ({@code metadata}), which has all of those.
 *
 * <p>RFC 4180 has no NULL. Here an empty unquoted field is SQL NULL and {@code ""} is the empty string, so the
 * distinction the audit trail makes (a value cleared vs. set to empty) survives the export.
 */
final class CsvWriter {
  private final PrintWriter out;

  CsvWriter(PrintWriter out) {
    this.out = out;
  }

  void row(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(field(fields.get(i)));
    }
    out.print(line.append("\r\n"));
  }

  static String field(String value) {
    if (value == null) {
      return "";
    }
    if (value.isEmpty()) {
      return "\"\"";
    }
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
        || value.indexOf('\n') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
