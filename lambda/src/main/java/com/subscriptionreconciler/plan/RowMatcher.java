package com.subscriptionreconciler.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs a batch's Stripe subscriptions with its rows (docs/reference.md, How it decides).
 *
 * <ol>
 *   <li>By {@code stripe_subscription_id}: always wins.
 *   <li>Id-less rows: a non-archived row without {@code stripe_subscription_id} may be matched to a Stripe
 *       subscription of its organization's customer (by {@code customer} or {@code customer_account}) that has no
 *       row. Per organization, the still-unmatched Stripe
 *       subscriptions, newest first ({@code created} desc, then id desc), are zipped with the organization's
 *       id-less rows, newest first ({@code created_at} desc, then row id desc). The newest row is most likely the
 *       one the application created for the current subscription; an older canceled subscription left over is
 *       inserted as its own row, a row left over stays untouched (with a warning). Never two rows to one
 *       subscription, never one row to two subscriptions.
 *   <li>Archived rows are matched by id (so their subscription is not inserted again) but never by the id-less
 *       rule.
 * </ol>
 */
final class RowMatcher {
  private static final Comparator<StripeSubscription> NEWEST_SUBSCRIPTION_FIRST =
      Comparator.comparing(StripeSubscription::created, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
          .thenComparing(StripeSubscription::id)
          .reversed();
  private static final Comparator<SubscriptionRow> NEWEST_ROW_FIRST =
      Comparator.comparing(SubscriptionRow::createdAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
          .thenComparing(SubscriptionRow::id, Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
          .reversed();

  /**
   * @param rowBySubscription the row of each matched Stripe subscription id
   * @param filledIn Stripe subscription ids matched through an id-less row (their id must be written)
   * @param unmatchedRows rows paired with no Stripe subscription of the batch, in input order
   */
  record Matching(
      Map<String, SubscriptionRow> rowBySubscription, Set<String> filledIn, List<SubscriptionRow> unmatchedRows) {}

  Matching match(
      List<StripeSubscription> subscriptions,
      List<SubscriptionRow> rows,
      Map<String, OrganizationRow> organizationByCustomer) {
    Map<String, SubscriptionRow> byId = new HashMap<>();
    Map<Long, List<SubscriptionRow>> idlessByOrganization = new HashMap<>();
    for (SubscriptionRow row : rows) {
      if (row.stripeSubscriptionId() != null) {
        byId.put(row.stripeSubscriptionId(), row);
      } else if (!row.archived()) {
        idlessByOrganization.computeIfAbsent(row.organizationId(), k -> new ArrayList<>()).add(row);
      }
    }

    Map<String, SubscriptionRow> matched = new HashMap<>();
    Map<Long, List<StripeSubscription>> unmatchedByOrganization = new LinkedHashMap<>();
    for (StripeSubscription s : subscriptions) {
      SubscriptionRow row = byId.get(s.id());
      if (row != null) {
        matched.put(s.id(), row);
        continue;
      }
      // the organization holds the customer's cus_… or its acct_…; either one names the same customer
      s.customerIdentities().stream()
          .map(organizationByCustomer::get)
          .filter(java.util.Objects::nonNull)
          .findFirst()
          .ifPresent(org -> unmatchedByOrganization.computeIfAbsent(org.id(), k -> new ArrayList<>()).add(s));
    }

    Set<String> filledIn = new HashSet<>();
    unmatchedByOrganization.forEach((organizationId, subs) -> {
      List<SubscriptionRow> idless = idlessByOrganization.get(organizationId);
      if (idless == null) {
        return;
      }
      List<StripeSubscription> newestSubs = subs.stream().sorted(NEWEST_SUBSCRIPTION_FIRST).toList();
      List<SubscriptionRow> newestRows = idless.stream().sorted(NEWEST_ROW_FIRST).toList();
      for (int i = 0; i < Math.min(newestSubs.size(), newestRows.size()); i++) {
        matched.put(newestSubs.get(i).id(), newestRows.get(i));
        filledIn.add(newestSubs.get(i).id());
      }
    });

    Set<SubscriptionRow> used = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    used.addAll(matched.values());
    List<SubscriptionRow> unmatchedRows = rows.stream().filter(r -> !used.contains(r)).toList();
    return new Matching(matched, filledIn, unmatchedRows);
  }
}
