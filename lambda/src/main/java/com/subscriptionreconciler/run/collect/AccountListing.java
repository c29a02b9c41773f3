package com.subscriptionreconciler.run.collect;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.store.BillingReads;
import com.subscriptionreconciler.stripe.PacedHttpClient;
import com.subscriptionreconciler.stripe.PartitionedLister;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import com.subscriptionreconciler.stripe.SubscriptionPage;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Reads the subscriptions a targeted run names by listing the whole account, when that costs fewer requests than
 * one retrieve each. A burst of events can name a hundred subscriptions a second; retrieves (one request each, 25/s
 * on a live account's retrieve endpoint) cannot keep up, while a list request reads 100 subscriptions.
 */
public final class AccountListing {
  /** Never lists: for re-reads of a handful of subscriptions (a re-plan after a lost write race). */
  public static final AccountListing NEVER = new AccountListing(null, 0);

  private final PartitionedLister lister;
  private final int splitMargin;

  /**
   * @param splitMargin the requests a listing may cost beyond one per 100 subscriptions: the partitioned lister
   *     makes at most one extra (partial) page per split, and at most about its parallelism of them
   */
  private AccountListing(PartitionedLister lister, int splitMargin) {
    this.lister = lister;
    this.splitMargin = splitMargin;
  }

  /** Lists as a full run does: {@code parallelism} pages in flight, ranges split to fill the request budget. */
  public static AccountListing over(StripeAccountReader reader, PacedHttpClient transport, int parallelism) {
    return new AccountListing(
        new PartitionedLister(reader, parallelism, transport::concurrencyToFillBudget), parallelism);
  }

  /**
   * Whether listing the account costs fewer requests than retrieving {@code named} subscriptions. The account's
   * size is estimated from the database's live rows (one COUNT, asked only when the answer could be yes).
   */
  public boolean cheaperThanRetrieving(int named, BillingReads reads) throws SQLException {
    if (lister == null || named <= splitMargin) {
      return false;
    }
    long pages = (reads.countLiveSubscriptions() + StripeAccountReader.PAGE_SIZE - 1) / StripeAccountReader.PAGE_SIZE;
    return named > pages + splitMargin;
  }

  /** Receives, on the calling thread, the named subscriptions of one listed page. */
  @FunctionalInterface
  public interface NamedPage {
    void accept(List<StripeSubscription> subscriptions, List<StripeCustomer> customers) throws SQLException;
  }

  /**
   * Lists the account and hands on the subscriptions whose id is in {@code named}, with their customers only (what
   * else a page shows is outside the run). Stops early once every named subscription was shown, or once it has
   * read as many pages as there are names: the database's count was far below the account (a database that has
   * not caught up yet), and retrieving the rest costs less than listing on. Named ids never handed on were not
   * listed.
   */
  public void list(Set<String> named, NamedPage consumer) throws SQLException, StripeException, InterruptedException {
    int[] pagesRead = {0};
    int[] shown = {0};
    lister.list(List.of(PartitionedLister.Span.all()), () -> shown[0] == named.size() || pagesRead[0] >= named.size(),
        (SubscriptionPage page) -> {
          pagesRead[0]++;
          List<StripeSubscription> kept = page.subscriptions().stream().filter(s -> named.contains(s.id())).toList();
          if (kept.isEmpty()) {
            return;
          }
          shown[0] += kept.size();
          Set<String> customers = ScanContext.customerIds(kept);
          consumer.accept(kept, page.customers().stream().filter(c -> customers.contains(c.id())).toList());
        });
  }
}
