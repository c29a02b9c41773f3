package com.subscriptionreconciler.demo;

import java.util.List;
import java.util.Objects;

/**
 * One injected drift: which objects, which columns the engine's change should touch, and a sentence for people.
 *
 * @param subscriptionRowId the {@code subscriptions} row concerned; null for an unlinked customer and for a row
 *     deleted from the database (the engine inserts a new one)
 * @param organizationId the organization concerned; null for an unlinked customer
 * @param fields the columns the engine's change of that entity should write, sorted: exactly the drifted
 *     ones for an update (the organization's columns for {@link DriftKind#ORGANIZATION_STALE_IN_DATABASE}),
 *     the differing columns plus {@code archived_at}/{@code archive_reason} for an archive; empty for an
 *     insert or an unlinked customer
 */
public record Drift(
    DriftKind kind,
    String stripeSubscriptionId,
    String stripeCustomerId,
    Long subscriptionRowId,
    Long organizationId,
    List<String> fields,
    String detail) {

  public Drift {
    Objects.requireNonNull(kind, "kind");
    fields = fields.stream().sorted().distinct().toList();
  }

  /** One line: side, kind, the objects, the fields and the story. */
  public String describe() {
    StringBuilder line = new StringBuilder();
    line.append(kind.side() == DriftKind.Side.STRIPE ? "[Stripe]   " : "[database] ");
    line.append(kind.name().toLowerCase(java.util.Locale.ROOT));
    if (stripeSubscriptionId != null) {
      line.append(' ').append(stripeSubscriptionId);
    }
    if (organizationId != null) {
      line.append(" (org ").append(organizationId).append(')');
    }
    line.append(": ").append(detail);
    if (!fields.isEmpty()) {
      line.append(" -> ").append(String.join(", ", fields));
    }
    return line.toString();
  }
}
