package com.subscriptionreconciler.oracle;

import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deliberately simple model of the reconciliation rules of the README and docs/reference.md ("How it
 * decides"), written from those rules and not from the planner: it shares nothing with the product but the
 * plain input records. It does not plan; it says what the database must read like after a full run, as typed
 * values (instants at millisecond precision, metadata as a map). Property tests hold the planner to it.
 *
 * <p>Slow and obvious on purpose: lists are scanned, nothing is cached, each rule is one block.
 */
public final class ReferenceModel {
  /** The columns a run may write, with the value each holds; absent = NULL. */
  public static final List<String> COLUMNS = List.of("stripe_subscription_id", "stripe_customer_id", "status",
      "stripe_price_id", "plan_tier", "quantity", "current_period_start", "current_period_end",
      "cancel_at_period_end", "cancel_at", "canceled_at", "ended_at", "trial_start", "trial_end", "metadata",
      "archived_at", "archive_reason");

  private final ModelStripeValues stripeValues;
  private final ModelOrganizations organizationRule;
  private final String defaultTier;
  private final Instant now;

  public ReferenceModel(Map<String, String> planTierMap, String defaultTier, Instant now) {
    this.stripeValues = new ModelStripeValues(planTierMap);
    this.organizationRule = new ModelOrganizations(defaultTier);
    this.defaultTier = defaultTier;
    this.now = now;
  }

  /** What happens to an existing row. */
  public enum RowFate { UNTOUCHED, UPDATED, ARCHIVED }

  public record RowOutcome(RowFate fate, Map<String, Object> values) {}

  public record InsertOutcome(long organizationId, Map<String, Object> values) {}

  public record OrganizationOutcome(String planTier, String subscriptionStatus) {}

  /**
   * The database after one full run over this state.
   *
   * @param rows by row id
   * @param inserts by Stripe subscription id
   * @param unlinked Stripe subscriptions reported, not written
   * @param organizations every organization's two derived columns afterwards
   */
  public record Outcome(
      Map<Long, RowOutcome> rows,
      Map<String, InsertOutcome> inserts,
      Set<String> unlinked,
      Map<Long, OrganizationOutcome> organizations) {}

  public Outcome reconcile(List<StripeSubscription> stripeSubscriptions, List<SubscriptionRow> rows,
      List<OrganizationRow> organizations, List<StripeCustomer> customers, Set<String> confirmedMissing) {
    return reconcile(stripeSubscriptions, rows, organizations, customers, confirmedMissing, false);
  }

  /**
   * The same, deriving every organization rather than only those whose subscriptions change or whose customer
   * is deleted (what a run that repairs stale organization columns would do).
   */
  public Outcome deriveEveryOrganization(List<StripeSubscription> stripeSubscriptions, List<SubscriptionRow> rows,
      List<OrganizationRow> organizations, List<StripeCustomer> customers, Set<String> confirmedMissing) {
    return reconcile(stripeSubscriptions, rows, organizations, customers, confirmedMissing, true);
  }

  private Outcome reconcile(List<StripeSubscription> stripeSubscriptions, List<SubscriptionRow> rows,
      List<OrganizationRow> organizations, List<StripeCustomer> customers, Set<String> confirmedMissing,
      boolean deriveAll) {
    List<StripeSubscription> subscriptions = firstOfEachId(stripeSubscriptions);
    Set<String> deleted = new HashSet<>();
    for (StripeCustomer c : customers) {
      if (c.deleted()) {
        deleted.add(c.id());
      }
    }

    // 1. pairing: by subscription id first, then id-less rows of the customer's organization, newest with newest
    Map<String, SubscriptionRow> pairs = new HashMap<>();
    Set<String> filledIn = new HashSet<>();
    for (StripeSubscription s : subscriptions) {
      for (SubscriptionRow r : rows) {
        if (s.id().equals(r.stripeSubscriptionId())) {
          pairs.put(s.id(), r);
        }
      }
    }
    for (OrganizationRow org : organizations) {
      if (org.stripeCustomerId() == null) {
        continue;
      }
      List<StripeSubscription> waiting = new ArrayList<>();
      for (StripeSubscription s : subscriptions) {
        if (org.stripeCustomerId().equals(s.customerId()) && !pairs.containsKey(s.id())) {
          waiting.add(s);
        }
      }
      List<SubscriptionRow> idless = new ArrayList<>();
      for (SubscriptionRow r : rows) {
        if (r.organizationId() == org.id() && r.stripeSubscriptionId() == null && r.archivedAt() == null) {
          idless.add(r);
        }
      }
      waiting.sort(Comparator.comparing((StripeSubscription s) -> s.created() == null ? Instant.MIN : s.created())
          .thenComparing(StripeSubscription::id).reversed());
      idless.sort(Comparator.comparing((SubscriptionRow r) -> r.createdAt() == null ? Instant.MIN : r.createdAt())
          .thenComparing(SubscriptionRow::id).reversed());
      for (int i = 0; i < waiting.size() && i < idless.size(); i++) {
        pairs.put(waiting.get(i).id(), idless.get(i));
        filledIn.add(waiting.get(i).id());
      }
    }

    Map<Long, RowOutcome> rowOutcomes = new TreeMap<>();
    Map<String, InsertOutcome> inserts = new LinkedHashMap<>(); // in listing order: the order they are written
    Set<String> unlinked = new TreeSet<>();

    // 2. every listed subscription
    for (StripeSubscription s : subscriptions) {
      SubscriptionRow row = pairs.get(s.id());
      if (row != null) {
        Map<String, Object> before = valuesOf(row);
        if (row.archivedAt() != null) {
          rowOutcomes.put(row.id(), new RowOutcome(RowFate.UNTOUCHED, before));
          continue;
        }
        Map<String, Object> after = new LinkedHashMap<>(before);
        after.putAll(stripeValues.of(s, before));
        if (filledIn.contains(s.id())) {
          after.put("stripe_subscription_id", s.id());
        }
        boolean customerGone = s.customerId() != null && deleted.contains(s.customerId());
        if (customerGone) {
          after.putAll(archive("stripe_customer_deleted"));
        }
        RowFate fate = sameValues(before, after) ? RowFate.UNTOUCHED
            : customerGone ? RowFate.ARCHIVED : RowFate.UPDATED;
        rowOutcomes.put(row.id(), new RowOutcome(fate, fate == RowFate.UNTOUCHED ? before : after));
        continue;
      }
      OrganizationRow owner = ownerOf(s.customerId(), organizations);
      if (owner == null) {
        unlinked.add(s.id());
      } else if (!deleted.contains(s.customerId())) {
        Map<String, Object> values = new LinkedHashMap<>(stripeValues.of(s, emptyRow()));
        values.put("stripe_subscription_id", s.id());
        inserts.put(s.id(), new InsertOutcome(owner.id(), values));
      }
    }

    // 3. rows no listed subscription claimed: orphan candidates
    Set<SubscriptionRow> claimed = new HashSet<>(pairs.values());
    for (SubscriptionRow row : rows) {
      if (claimed.contains(row)) {
        continue;
      }
      Map<String, Object> before = valuesOf(row);
      String reason = null;
      if (row.archivedAt() == null) {
        String customer = row.stripeCustomerId();
        if (customer == null) {
          OrganizationRow org = organizationById(row.organizationId(), organizations);
          customer = org == null ? null : org.stripeCustomerId();
        }
        if (customer != null && deleted.contains(customer)) {
          reason = "stripe_customer_deleted";
        } else if (row.stripeSubscriptionId() != null && confirmedMissing.contains(row.stripeSubscriptionId())) {
          reason = "stripe_subscription_missing";
        }
      }
      if (reason == null) {
        rowOutcomes.put(row.id(), new RowOutcome(RowFate.UNTOUCHED, before));
      } else {
        Map<String, Object> after = new LinkedHashMap<>(before);
        after.putAll(archive(reason));
        rowOutcomes.put(row.id(), new RowOutcome(RowFate.ARCHIVED, after));
      }
    }

    // 4. organizations: those whose subscriptions changed, and those whose customer is deleted
    Map<Long, OrganizationOutcome> orgOutcomes = new TreeMap<>();
    for (OrganizationRow org : organizations) {
      boolean customerGone = org.stripeCustomerId() != null && deleted.contains(org.stripeCustomerId());
      boolean touched = deriveAll || customerGone;
      List<ModelOrganizations.Candidate> candidates = new ArrayList<>();
      for (SubscriptionRow row : rows) {
        if (row.organizationId() == org.id()) {
          RowOutcome o = rowOutcomes.get(row.id());
          touched |= o.fate() != RowFate.UNTOUCHED;
          candidates.add(new ModelOrganizations.Candidate(o.values(), row.createdAt(), row.id()));
        }
      }
      for (InsertOutcome insert : inserts.values()) {
        if (insert.organizationId() == org.id()) {
          touched = true;
          candidates.add(new ModelOrganizations.Candidate(insert.values(), now, null));
        }
      }
      OrganizationOutcome current = new OrganizationOutcome(org.planTier(), org.subscriptionStatus());
      orgOutcomes.put(org.id(), !touched ? current
          : customerGone ? new OrganizationOutcome(defaultTier, "canceled")
          : organizationRule.derive(org, candidates));
    }
    return new Outcome(rowOutcomes, inserts, unlinked, orgOutcomes);
  }


  private Map<String, Object> archive(String reason) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("status", "canceled");
    v.put("archived_at", millis(now));
    v.put("archive_reason", reason);
    return v;
  }

  private static OrganizationRow ownerOf(String customer, List<OrganizationRow> organizations) {
    if (customer == null) {
      return null;
    }
    for (OrganizationRow o : organizations) {
      if (customer.equals(o.stripeCustomerId())) {
        return o;
      }
    }
    return null;
  }

  private static OrganizationRow organizationById(long id, List<OrganizationRow> organizations) {
    for (OrganizationRow o : organizations) {
      if (o.id() == id) {
        return o;
      }
    }
    return null;
  }

  private static List<StripeSubscription> firstOfEachId(List<StripeSubscription> subscriptions) {
    Map<String, StripeSubscription> first = new LinkedHashMap<>();
    for (StripeSubscription s : subscriptions) {
      first.putIfAbsent(s.id(), s);
    }
    return new ArrayList<>(first.values());
  }

  private static Map<String, Object> emptyRow() {
    return new HashMap<>();
  }

  /** A row's columns as typed values: instants at millisecond precision, metadata as a map (NULL = empty). */
  public static Map<String, Object> valuesOf(SubscriptionRow r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("stripe_subscription_id", r.stripeSubscriptionId());
    v.put("stripe_customer_id", r.stripeCustomerId());
    v.put("status", r.status());
    v.put("stripe_price_id", r.stripePriceId());
    v.put("plan_tier", r.planTier());
    v.put("quantity", r.quantity());
    v.put("current_period_start", millis(r.currentPeriodStart()));
    v.put("current_period_end", millis(r.currentPeriodEnd()));
    v.put("cancel_at_period_end", r.cancelAtPeriodEnd());
    v.put("cancel_at", millis(r.cancelAt()));
    v.put("canceled_at", millis(r.canceledAt()));
    v.put("ended_at", millis(r.endedAt()));
    v.put("trial_start", millis(r.trialStart()));
    v.put("trial_end", millis(r.trialEnd()));
    v.put("metadata", MetadataText.parse(r.metadata()));
    v.put("archived_at", millis(r.archivedAt()));
    v.put("archive_reason", r.archiveReason());
    return v;
  }

  private static boolean sameValues(Map<String, Object> a, Map<String, Object> b) {
    for (String column : COLUMNS) {
      if (!Objects.equals(a.get(column), b.get(column))) {
        return false;
      }
    }
    return true;
  }

  private static Instant millis(Instant t) {
    return ModelStripeValues.millis(t);
  }
}
