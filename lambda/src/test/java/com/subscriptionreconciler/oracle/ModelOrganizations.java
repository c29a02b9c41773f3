package com.subscriptionreconciler.oracle;

import com.subscriptionreconciler.oracle.ReferenceModel.OrganizationOutcome;
import com.subscriptionreconciler.plan.OrganizationRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The model's organization rule: the best subscription by status, then newest, decides status and tier. */
final class ModelOrganizations {
  private static final List<String> STATUS_ORDER =
      List.of("active", "trialing", "past_due", "unpaid", "incomplete", "paused", "canceled");
  private static final Set<String> ENTITLED = Set.of("active", "trialing", "past_due");

  private final String defaultTier;

  ModelOrganizations(String defaultTier) {
    this.defaultTier = defaultTier;
  }

  record Candidate(Map<String, Object> values, Instant createdAt, Long id) {
    String status() {
      return values.get("archived_at") != null ? "canceled" : (String) values.get("status");
    }
  }

  OrganizationOutcome derive(OrganizationRow org, List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      return new OrganizationOutcome(defaultTier, "none");
    }
    Candidate best = candidates.get(0);
    for (Candidate c : candidates.subList(1, candidates.size())) {
      if (better(c, best)) {
        best = c;
      }
    }
    String status = best.status();
    String tier = defaultTier;
    if (ENTITLED.contains(status)) {
      tier = best.values().get("plan_tier") != null ? (String) best.values().get("plan_tier") : org.planTier();
    }
    return new OrganizationOutcome(tier, status);
  }

  /**
   * Better status first; same rank: newer created_at (unknown is oldest); same time: higher id (none yet is
   * newest, and of two inserts the one written later, as its id will be higher).
   */
  private static boolean better(Candidate a, Candidate b) {
    int ra = rank(a.status());
    int rb = rank(b.status());
    if (ra != rb) {
      return ra < rb;
    }
    Instant ta = a.createdAt() == null ? Instant.MIN : a.createdAt();
    Instant tb = b.createdAt() == null ? Instant.MIN : b.createdAt();
    if (!ta.equals(tb)) {
      return ta.isAfter(tb);
    }
    if (a.id() == null || b.id() == null) {
      return a.id() == null; // a comes later in the list than b
    }
    return a.id() > b.id();
  }

  private static int rank(String status) {
    if ("incomplete_expired".equals(status)) {
      return STATUS_ORDER.indexOf("canceled");
    }
    int i = STATUS_ORDER.indexOf(status);
    return i < 0 ? STATUS_ORDER.size() : i;
  }
}
