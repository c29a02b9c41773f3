package com.subscriptionreconciler.run;

import com.subscriptionreconciler.plan.SafetyGuard;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.stripe.PartitionedLister;
import com.subscriptionreconciler.stripe.SubscriptionPage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A full run's collection phase: every Stripe subscription once (listed in parallel partitions), planned page by
 * page against the rows that belong to it; then the orphan sweep over live rows the listing never showed.
 *
 * <p>Customers whose organization still has rows without a subscription id are held back until the listing
 * ends and planned with all their subscriptions together, so one id-less row can never be matched twice.
 */
final class FullScan {
  static final int SWEEP_PAGE = 5000;

  private final ScanContext scan;
  private final PartitionedLister lister;
  private final SafetyGuard guard;
  private final boolean force;
  private final SeenSubscriptions seen = new SeenSubscriptions();
  private final Map<String, List<StripeSubscription>> deferredByCustomer = new LinkedHashMap<>();
  private final Map<String, StripeCustomer> deferredCustomers = new HashMap<>();

  FullScan(ScanContext scan, PartitionedLister lister, SafetyGuard guard, boolean force) {
    this.scan = scan;
    this.lister = lister;
    this.guard = guard;
    this.force = force;
  }

  void run() throws Exception {
    lister.list(this::onPage);
    planDeferred();
    sweepOrphans();
  }

  private void onPage(SubscriptionPage page) throws Exception {
    page.subscriptions().forEach(s -> seen.add(s.id()));
    scan.out().customers(page.customers());
    DatabaseSnapshot snapshot =
        DatabaseSnapshot.read(
            scan.reads(), ScanContext.ids(page.subscriptions()), ScanContext.customerIds(page.subscriptions()),
            List.of());
    List<StripeSubscription> now = new ArrayList<>();
    for (StripeSubscription s : page.subscriptions()) {
      if (s.customerId() != null && snapshot.hasIdlessRows(s.customerId())) {
        deferredByCustomer.computeIfAbsent(s.customerId(), c -> new ArrayList<>()).add(s);
        page.customers().stream().filter(c -> c.id().equals(s.customerId())).forEach(c -> deferredCustomers.put(c.id(), c));
      } else {
        now.add(s);
      }
    }
    if (!now.isEmpty()) {
      scan.out().add(scan.planner().plan(snapshot.batch(now, page.customers(), List.of(), java.util.Set.of())));
    }
  }

  private void planDeferred() throws Exception {
    List<StripeSubscription> batch = new ArrayList<>();
    for (List<StripeSubscription> group : deferredByCustomer.values()) {
      if (!batch.isEmpty() && batch.size() + group.size() > ScanContext.CONFIRM_CHUNK) {
        scan.plan(batch, List.copyOf(deferredCustomers.values()));
        batch = new ArrayList<>();
      }
      batch.addAll(group);
    }
    scan.plan(batch, List.copyOf(deferredCustomers.values()));
  }

  /**
   * Live rows naming a subscription the listing did not show. A wrong API key (another account, test instead of
   * live) makes every row such a candidate; when the candidates alone would trip the safety guard, the run
   * aborts before spending a request per row to confirm them.
   */
  private void sweepOrphans() throws Exception {
    List<Long> candidates = new ArrayList<>();
    long afterId = 0;
    while (true) {
      List<BillingReads.SubscriptionKey> keys = scan.reads().liveSubscriptionKeysAfter(afterId, SWEEP_PAGE);
      for (BillingReads.SubscriptionKey key : keys) {
        if (!seen.contains(key.stripeSubscriptionId())) {
          candidates.add(key.id());
        }
      }
      if (keys.size() < SWEEP_PAGE) {
        break;
      }
      afterId = keys.get(keys.size() - 1).id();
    }
    if (candidates.isEmpty()) {
      return;
    }
    var sofar = scan.out().merged();
    SafetyGuard.Decision decision =
        guard.decide(sofar.subscriptionChanges() + candidates.size(), sofar.checked() + candidates.size(), force);
    if (!decision.proceed()) {
      scan.out().abort(
          candidates.size() + " database rows name subscriptions Stripe did not list (wrong API key or account?); "
              + decision.reason());
      return;
    }
    for (List<Long> chunk : ScanContext.chunks(candidates, ScanContext.CONFIRM_CHUNK)) {
      List<SubscriptionRow> rows = scan.reads().subscriptionsByIds(chunk);
      scan.confirmAndPlan(rows.stream().filter(r -> r.stripeSubscriptionId() != null && !r.archived()).toList());
    }
  }
}
