package com.subscriptionreconciler.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Every check {@code doctor} ran, in order. It passes when nothing failed (warnings and skips do not fail it:
 * a skip always follows a failure that does). Text is one line per check; JSON carries the same fields.
 */
public record DoctorReport(List<Check> checks) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public DoctorReport {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return checks.stream().noneMatch(c -> c.status() == Check.Status.FAIL);
  }

  /** 0 when every check passed (or only warned), 1 when any failed. */
  public int exitCode() {
    return passed() ? 0 : 1;
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    for (Check c : checks) {
      out.append(String.format("%-4s %-22s %s", c.status().name(), c.name(), c.detail()));
      if (!c.fix().isEmpty()) {
        out.append(" -> ").append(c.fix());
      }
      out.append(System.lineSeparator());
    }
    long failed = checks.stream().filter(c -> c.status() == Check.Status.FAIL).count();
    out.append(failed == 0 ? "doctor: all checks passed" : "doctor: " + failed + " check(s) failed")
        .append(System.lineSeparator());
    return out.toString();
  }

  public ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("passed", passed());
    ArrayNode list = root.putArray("checks");
    for (Check c : checks) {
      ObjectNode node = list.addObject();
      node.put("name", c.name());
      node.put("status", c.status().wireName());
      node.put("detail", c.detail());
      node.put("fix", c.fix());
    }
    return root;
  }

  public String jsonText() {
    return json().toString();
  }
}
