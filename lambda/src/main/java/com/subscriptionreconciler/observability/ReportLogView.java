package com.subscriptionreconciler.observability;

import com.subscriptionreconciler.report.ReportJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.report.RunReport;
import java.nio.charset.StandardCharsets;

/**
 * The report as it goes into the final log line. CloudWatch Logs cuts events at 256 KB, and a cut line is no
 * longer JSON, so {@code details} is trimmed when it has more than {@value #DEFAULT_MAX_DETAILS} entities or the
 * report exceeds {@value #DEFAULT_MAX_BYTES} bytes; the line then says {@code "detailsTruncated": true} and
 * {@code "detailsTotal": n}. The full list stays in the handler's return value and in
 * {@code reconciliation_changes}.
 */
public final class ReportLogView {
  public static final int DEFAULT_MAX_DETAILS = 100;
  public static final int DEFAULT_MAX_BYTES = 200 * 1024;

  private final int maxDetails;
  private final int maxBytes;

  public ReportLogView(int maxDetails, int maxBytes) {
    this.maxDetails = maxDetails;
    this.maxBytes = maxBytes;
  }

  public static ReportLogView defaults() {
    return new ReportLogView(DEFAULT_MAX_DETAILS, DEFAULT_MAX_BYTES);
  }

  public ObjectNode render(RunReport report) {
    ObjectNode node = ReportJson.tree(report);
    JsonNode details = node.get("details");
    int total = details instanceof ArrayNode array ? array.size() : 0;
    if (total == 0) {
      return node;
    }
    int keep = Math.min(total, maxDetails);
    ArrayNode kept = firstEntries((ArrayNode) details, keep);
    node.set("details", kept);
    // halve until it fits: a few iterations at most, and each entity stays whole
    while (keep > 0 && bytes(node) > maxBytes) {
      keep = keep / 2;
      kept = firstEntries((ArrayNode) details, keep);
      node.set("details", kept);
    }
    if (keep < total) {
      node.put("detailsTruncated", true);
      node.put("detailsTotal", total);
    }
    return node;
  }

  private static ArrayNode firstEntries(ArrayNode source, int count) {
    ArrayNode copy = source.arrayNode();
    for (int i = 0; i < count; i++) {
      copy.add(source.get(i));
    }
    return copy;
  }

  private static int bytes(ObjectNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
