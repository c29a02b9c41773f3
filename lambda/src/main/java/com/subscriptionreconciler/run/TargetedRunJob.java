package com.subscriptionreconciler.run;

import com.stripe.exception.StripeException;
import java.sql.SQLException;
import java.util.Optional;

/** Collects a targeted run: the organizations, customers and subscriptions the request names. */
final class TargetedRunJob implements CollectJob {
  private final RunRequest request;
  private final AccountListing listing;

  /** @param listing lists the whole account instead when that costs fewer requests than retrieving the names */
  TargetedRunJob(RunRequest request, AccountListing listing) {
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
