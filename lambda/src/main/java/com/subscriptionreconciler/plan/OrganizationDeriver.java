package com.subscriptionreconciler.plan;

import com.subscriptionreconciler.config.ReconcileRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Derives an organization's {@code plan_tier} and {@code subscription_status} from its subscriptions
 * (docs/reference.md, How it decides), as a separate pure step over the organization's post-change rows
 * ({@link SubscriptionProjection}).
 *
 * <ul>
 *   <li>Deleted Stripe customer: {@code DEFAULT_PLAN_TIER}, {@code canceled}, whatever the rows say.
 *   <li>No rows at all: {@code DEFAULT_PLAN_TIER}, {@code none}.
 *   <li>Otherwise the best row by status (active > trialing > past_due > unpaid > incomplete > paused >
 *       canceled = incomplete_expired > statuses unknown to us), ties by newest ({@code created_at}, then row
 *       id; a planned insert is newest, and of two planned inserts the later one). Archived rows count, as {@code canceled} whatever their stored status:
 *       an organization whose only subscription vanished from Stripe had a subscription that ended, which is
 *       what {@code canceled} (not {@code none}) tells the application.
 *   <li>Status: the best row's. Tier: the best row's tier when its status grants one (active, trialing,
 *       past_due, see {@link SubscriptionStatus#grantsPlanTier()}); if that tier is NULL (unknown price) the
 *       organization keeps its current tier rather than being guessed down; any other status gives
 *       {@code DEFAULT_PLAN_TIER}.
 * </ul>
 */
public final class OrganizationDeriver {
  private static final Comparator<SubscriptionRow> BEST_FIRST =
      Comparator.comparingInt((SubscriptionRow r) -> SubscriptionStatus.rankOf(effectiveStatus(r)))
          .thenComparing(SubscriptionRow::createdAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
          .thenComparing(SubscriptionRow::id, Comparator.nullsFirst(Comparator.<Long>reverseOrder()));
  static final String NO_SUBSCRIPTION = "none";

  private final String defaultPlanTier;

  public OrganizationDeriver(ReconcileRules rules) {
    this.defaultPlanTier = rules.defaultPlanTier();
  }

  /** What the organization's two columns should hold. */
  public record Derived(String planTier, String subscriptionStatus) {}

  public Derived target(OrganizationRow org, List<SubscriptionRow> subscriptions, boolean customerDeleted) {
    if (customerDeleted) {
      return new Derived(defaultPlanTier, SubscriptionStatus.CANCELED.wireName());
    }
    // on a full tie (two planned inserts: same status, both created "now", no id yet) the later one wins, as it
    // will in the database, where inserts are applied in plan order and get ascending ids
    Optional<SubscriptionRow> best = subscriptions.stream().reduce((a, b) -> BEST_FIRST.compare(b, a) <= 0 ? b : a);
    if (best.isEmpty()) {
      return new Derived(defaultPlanTier, NO_SUBSCRIPTION);
    }
    String status = effectiveStatus(best.get());
    boolean entitled = SubscriptionStatus.parse(status).map(SubscriptionStatus::grantsPlanTier).orElse(false);
    String tier = !entitled ? defaultPlanTier : best.get().planTier() != null ? best.get().planTier() : org.planTier();
    return new Derived(tier, status);
  }

  /** The organization's UPDATE, or empty when it already holds the derived values. */
  public Optional<EntityChange> derive(OrganizationRow org, List<SubscriptionRow> subscriptions, boolean customerDeleted) {
    Derived d = target(org, subscriptions, customerDeleted);
    List<FieldChange> fields = new ArrayList<>();
    if (!OrganizationField.PLAN_TIER.type().same(org.planTier(), d.planTier())) {
      fields.add(new FieldChange(OrganizationField.PLAN_TIER, org.planTier(), d.planTier()));
    }
    if (!OrganizationField.SUBSCRIPTION_STATUS.type().same(org.subscriptionStatus(), d.subscriptionStatus())) {
      fields.add(new FieldChange(OrganizationField.SUBSCRIPTION_STATUS, org.subscriptionStatus(), d.subscriptionStatus()));
    }
    return fields.isEmpty()
        ? Optional.empty()
        : Optional.of(new EntityChange(Entity.ORGANIZATION, org.id(), org.stripeCustomerId(), Action.UPDATE, fields,
            null, org.id()));
  }

  private static String effectiveStatus(SubscriptionRow row) {
    return row.archived() ? SubscriptionStatus.CANCELED.wireName() : row.status();
  }
}
