package com.subscriptionreconciler.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for checking the CLI's CSV independently of the writer: records end in CRLF, quoted
 * fields may hold commas, CRLF and doubled quotes, and a quote anywhere else is an error. An unquoted empty field
 * reads as null (the CLI's NULL), a quoted empty one as "".
 */
final class Rfc4180 {
  private Rfc4180() {}

  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      String field;
      if (text.charAt(i) == '"') {
        StringBuilder value = new StringBuilder();
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new IllegalArgumentException("unterminated quoted field");
          }
          char c = text.charAt(i);
          if (c == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              value.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          value.append(c);
          i++;
        }
        field = value.toString();
      } else {
        int start = i;
        while (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
          if (text.charAt(i) == '"' || text.charAt(i) == '\n') {
            throw new IllegalArgumentException("bare quote or LF in unquoted field at " + i);
          }
          i++;
        }
        field = i == start ? null : text.substring(start, i);
      }
      record.add(field);
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      } else if (text.startsWith("\r\n", i)) {
        records.add(record);
        record = new ArrayList<>();
        i += 2;
      } else if (i < text.length()) {
        throw new IllegalArgumentException("expected , or CRLF at " + i);
      }
    }
    if (!record.isEmpty()) {
      throw new IllegalArgumentException("last record not terminated by CRLF");
    }
    return records;
  }
}
