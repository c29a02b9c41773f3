package com.subscriptionreconciler.run.collect.targeted;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.collect.AccountListing;
import com.subscriptionreconciler.run.collect.CollectJob;
import com.subscriptionreconciler.run.collect.Collected;
import com.subscriptionreconciler.run.collect.ScanContext;
import java.sql.SQLException;
import java.util.Optional;

/** Collects a targeted run: the organizations, customers and subscriptions the request names. */
public final class TargetedRunJob implements CollectJob {
  private final RunRequest request;
  private final AccountListing listing;

  /** @param listing lists the whole account instead when that costs fewer requests than retrieving the names */
  public TargetedRunJob(RunRequest request, AccountListing listing) {
    this.request = request;
    this.listing = listing;
  }

  @Override
  public Collected collect(ScanContext scan) throws SQLException, StripeException, InterruptedException {
    var toDerive = new TargetedScan(scan, listing)
        .run(request.organizationIds(), request.customerIds(), request.subscriptionIds());
    return new Collected(scan.out().merged(), toDerive, false, Optional.empty(), new Collected.Cursor.Unmoved());
  }
}
