package com.subscriptionreconciler.plan;

import com.subscriptionreconciler.config.ReconcileRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The pure heart of reconciliation: plans what one batch of Stripe subscriptions and rows needs (docs/reference.md,
 * How it decides: matching, items, tiers, values). No I/O; the same input always gives the same plan.
 *
 * <p>Per Stripe subscription (matched by {@link RowMatcher}):
 *
 * <ul>
 *   <li>matched row already archived: left alone (untouched), and not inserted again;
 *   <li>customer deleted: ARCHIVE (Stripe's values, then {@code status=canceled}, {@code archived_at=now},
 *       {@code archive_reason=stripe_customer_deleted});
 *   <li>otherwise UPDATE of exactly the synced fields that differ (plus {@code stripe_subscription_id} for an
 *       id-less row), or nothing at all when in sync;
 *   <li>no row, customer owned by an organization: INSERT of every non-NULL column (tier NULL for an unknown
 *       price); customer deleted: untouched (its subscriptions are canceled; the organization is derived);
 *       customer owned by no organization: {@link Unlinked}.
 * </ul>
 *
 * <p>Per row with no Stripe subscription in the batch: already archived → untouched; its customer (the row's
 * {@code stripe_customer_id}, else its organization's) deleted → ARCHIVE {@code stripe_customer_deleted}; its
 * subscription id confirmed {@code resource_missing} → ARCHIVE {@code stripe_subscription_missing}; anything
 * else → untouched. Absence from a listing is never evidence enough to archive.
 */
public final class SubscriptionPlanner {
  private final StripeTarget.Factory targets;
  private final RowMatcher matcher = new RowMatcher();
  private final Instant now;

  /** @param now the run's clock reading, written as {@code archived_at} */
  public SubscriptionPlanner(ReconcileRules rules, Instant now) {
    this.targets = new StripeTarget.Factory(new TierResolver(rules.planTierMap(), rules.notPlans()));
    this.now = Objects.requireNonNull(now, "now");
  }

  public Plan plan(SubscriptionBatch batch) {
    return new BatchPlanning(batch).run();
  }

  /** The mutable state of planning one batch; lives for one {@link #plan} call. */
  private final class BatchPlanning {
    private final SubscriptionBatch batch;
    private final Map<String, OrganizationRow> organizationByCustomer = new HashMap<>();
    private final Map<Long, OrganizationRow> organizationById = new HashMap<>();
    private final Set<String> deletedCustomers = new HashSet<>();
    private final List<EntityChange> changes = new ArrayList<>();
    private final List<Unlinked> unlinked = new ArrayList<>();
    private final List<PlanWarning> warnings = new ArrayList<>();
    private final Set<Long> touched = new LinkedHashSet<>();
    private long checked;
    private long inSync;
    private long untouched;

    BatchPlanning(SubscriptionBatch batch) {
      this.batch = batch;
      for (OrganizationRow org : batch.organizations()) {
        organizationById.put(org.id(), org);
        if (org.stripeCustomerId() != null) {
          organizationByCustomer.put(org.stripeCustomerId(), org);
        }
      }
      for (StripeCustomer c : batch.customers()) {
        if (c.deleted()) {
          deletedCustomers.add(c.id());
        }
      }
    }

    Plan run() {
      List<StripeSubscription> subscriptions = distinct(batch.stripeSubscriptions());
      RowMatcher.Matching matching = matcher.match(subscriptions, batch.rows(), organizationByCustomer);
      for (StripeSubscription s : subscriptions) {
        checked++;
        SubscriptionRow row = matching.rowBySubscription().get(s.id());
        if (row == null) {
          planMissingRow(s);
        } else {
          planMatched(s, row, matching.filledIn().contains(s.id()));
        }
      }
      for (SubscriptionRow row : matching.unmatchedRows()) {
        checked++;
        planWithoutStripe(row);
      }
      for (OrganizationRow org : batch.organizations()) {
        if (org.stripeCustomerId() != null && deletedCustomers.contains(org.stripeCustomerId())) {
          touched.add(org.id());
        }
      }
      return new Plan(changes, unlinked, warnings, checked, inSync, untouched, touched);
    }

    private void planMatched(StripeSubscription s, SubscriptionRow row, boolean fillIn) {
      if (row.archived()) {
        untouched++;
        return;
      }
      StripeTarget target = targets.of(s);
      target.warning().ifPresent(warnings::add);
      OrganizationRow owner = ownerOf(s);
      if (owner != null && owner.id() != row.organizationId()) {
        warnings.add(new PlanWarning(PlanWarning.Kind.ORGANIZATION_MISMATCH, s.id(), 1, "row " + row.id()));
      }
      List<FieldChange> fields = new ArrayList<>();
      if (fillIn) {
        fields.add(new FieldChange(SubscriptionField.STRIPE_SUBSCRIPTION_ID, null, s.id()));
      }
      Map<SubscriptionField, String> wanted = new LinkedHashMap<>(target.values());
      if (s.hasCustomerIdentity(row.stripeCustomerId())) {
        // the row names the customer by the other of its two ids (cus_… or acct_…): both are right
        wanted.remove(SubscriptionField.STRIPE_CUSTOMER_ID);
      }
      boolean customerDeleted = deletedCustomers.contains(s.customerId());
      if (customerDeleted) {
        wanted.putAll(archiveValues(ArchiveReason.STRIPE_CUSTOMER_DELETED));
      }
      for (var e : wanted.entrySet()) {
        if (!target.keep().contains(e.getKey())) {
          diff(row, e.getKey(), e.getValue()).ifPresent(fields::add);
        }
      }
      if (fields.isEmpty()) {
        inSync++;
        return;
      }
      Action action = customerDeleted ? Action.ARCHIVE : Action.UPDATE;
      add(new EntityChange(Entity.SUBSCRIPTION, row.id(), s.id(), action, fields, row.version(), row.organizationId()));
    }

    private void planMissingRow(StripeSubscription s) {
      OrganizationRow org = ownerOf(s);
      if (org == null) {
        // an Account customer is named by its acct_… id, the one an operator would link
        unlinked.add(new Unlinked(s.id(),
            s.customerAccountId() != null ? s.customerAccountId() : s.customerId(), s.status()));
        return;
      }
      if (deletedCustomers.contains(s.customerId())) {
        untouched++;
        return;
      }
      StripeTarget target = targets.of(s);
      target.warning().ifPresent(warnings::add);
      List<FieldChange> fields = new ArrayList<>();
      fields.add(new FieldChange(SubscriptionField.STRIPE_SUBSCRIPTION_ID, null, s.id()));
      Map<SubscriptionField, String> values = new LinkedHashMap<>(target.values());
      // the new row names the customer the way its organization does
      values.put(SubscriptionField.STRIPE_CUSTOMER_ID, org.stripeCustomerId());
      values.forEach((f, v) -> {
        if (v != null && !target.keep().contains(f)) {
          fields.add(new FieldChange(f, null, v));
        }
      });
      add(new EntityChange(Entity.SUBSCRIPTION, null, s.id(), Action.INSERT, fields, null, org.id()));
    }

    private void planWithoutStripe(SubscriptionRow row) {
      if (row.archived()) {
        untouched++;
        return;
      }
      ArchiveReason reason = null;
      if (customerOf(row) != null && deletedCustomers.contains(customerOf(row))) {
        reason = ArchiveReason.STRIPE_CUSTOMER_DELETED;
      } else if (row.stripeSubscriptionId() != null
          && batch.confirmedMissingSubscriptionIds().contains(row.stripeSubscriptionId())) {
        reason = ArchiveReason.STRIPE_SUBSCRIPTION_MISSING;
      }
      if (reason == null) {
        untouched++;
        if (row.stripeSubscriptionId() == null) {
          warnings.add(new PlanWarning(PlanWarning.Kind.UNMATCHED_ROW, String.valueOf(row.id()), 1,
              "organization " + row.organizationId()));
        }
        return;
      }
      List<FieldChange> fields = new ArrayList<>();
      archiveValues(reason).forEach((f, v) -> diff(row, f, v).ifPresent(fields::add));
      add(new EntityChange(Entity.SUBSCRIPTION, row.id(), row.stripeSubscriptionId(), Action.ARCHIVE, fields,
          row.version(), row.organizationId()));
    }

    /** The organization whose {@code stripe_customer_id} is the subscription's customer or customer account. */
    private OrganizationRow ownerOf(StripeSubscription s) {
      for (String identity : s.customerIdentities()) {
        OrganizationRow org = organizationByCustomer.get(identity);
        if (org != null) {
          return org;
        }
      }
      return null;
    }

    private String customerOf(SubscriptionRow row) {
      if (row.stripeCustomerId() != null) {
        return row.stripeCustomerId();
      }
      OrganizationRow org = organizationById.get(row.organizationId());
      return org == null ? null : org.stripeCustomerId();
    }

    private Map<SubscriptionField, String> archiveValues(ArchiveReason reason) {
      Map<SubscriptionField, String> v = new LinkedHashMap<>();
      v.put(SubscriptionField.STATUS, SubscriptionStatus.CANCELED.wireName());
      v.put(SubscriptionField.ARCHIVED_AT, SubscriptionField.ARCHIVED_AT.type().encode(now));
      v.put(SubscriptionField.ARCHIVE_REASON, reason.wireName());
      return v;
    }

    private java.util.Optional<FieldChange> diff(SubscriptionRow row, SubscriptionField field, String wanted) {
      String current = row.value(field);
      return field.type().same(current, wanted)
          ? java.util.Optional.empty()
          : java.util.Optional.of(new FieldChange(field, current, wanted));
    }

    private void add(EntityChange change) {
      changes.add(change);
      touched.add(change.organizationId());
    }

    private List<StripeSubscription> distinct(List<StripeSubscription> subscriptions) {
      Map<String, StripeSubscription> byId = new LinkedHashMap<>();
      subscriptions.forEach(s -> byId.putIfAbsent(s.id(), s));
      return List.copyOf(byId.values());
    }
  }
}
