package com.subscriptionreconciler.run;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.stripe.PacedHttpClient;
import java.sql.SQLException;
import java.util.Optional;

/** Collects a targeted run: the organizations, customers and subscriptions the request names. */
final class TargetedRunJob implements CollectJob {
  private final RunRequest request;
  private final PacedHttpClient transport;
  private final int parallelism;

  TargetedRunJob(RunRequest request, PacedHttpClient transport, int parallelism) {
    this.request = request;
    this.transport = transport;
    this.parallelism = parallelism;
  }

  @Override
  public Collected collect(RunParts parts) throws SQLException, StripeException, InterruptedException {
    var toDerive = new TargetedScan(parts.scan(), AccountListing.over(parts.reader(), transport, parallelism))
        .run(request.organizationIds(), request.customerIds(), request.subscriptionIds());
    return new Collected(parts.collector().merged(), toDerive, Optional.empty(), Optional.empty(),
        new Collected.Cursor.Unmoved());
  }
}
