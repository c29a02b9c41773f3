package com.subscriptionreconciler.observability;

import com.subscriptionreconciler.report.ReportJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.report.RunReport;
import java.nio.charset.StandardCharsets;

/**
 * The report trimmed to a size bound, for the final log line and for the Lambda response.
 *
 * <p>CloudWatch Logs cuts events at 256 KB (a cut line is no longer JSON), Step Functions passes at most 256 KiB
 * between states and a synchronous invoke returns at most 6 MB, while a run's {@code details} grow with the
 * account. So {@code details} is trimmed when it has more than {@code maxDetails} entities or the report exceeds
 * {@code maxBytes}; the report then says {@code "detailsTruncated": true} and {@code "detailsTotal": n}. If the
 * report is still too big with no details left, {@code warnings} is trimmed the same way
 * ({@code warningsTruncated}, {@code warningsTotal}). Counts, status and ids are never trimmed. The full detail
 * stays in {@code reconciliation_changes} ({@code show RUN_ID}).
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
    if (total > 0) {
      trimDetails(node, (ArrayNode) details, total);
    }
    if (bytes(node) > maxBytes && node.get("warnings") instanceof ArrayNode warnings && !warnings.isEmpty()) {
      trimToFit(node, "warnings", warnings, "warningsTruncated", "warningsTotal");
    }
    return node;
  }

  private void trimDetails(ObjectNode node, ArrayNode details, int total) {
    int keep = Math.min(total, maxDetails);
    ArrayNode kept = firstEntries(details, keep);
    node.set("details", kept);
    // halve until it fits: a few iterations at most, and each entity stays whole
    while (keep > 0 && bytes(node) > maxBytes) {
      keep = keep / 2;
      kept = firstEntries(details, keep);
      node.set("details", kept);
    }
    if (keep < total) {
      node.put("detailsTruncated", true);
      node.put("detailsTotal", total);
    }
  }

  private void trimToFit(ObjectNode node, String field, ArrayNode source, String truncatedFlag, String totalField) {
    int total = source.size();
    node.put(truncatedFlag, true);
    node.put(totalField, total);
    int keep = total;
    while (keep > 0 && bytes(node) > maxBytes) {
      keep = keep / 2;
      node.set(field, firstEntries(source, keep));
    }
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
