package com.subscriptionreconciler.run;

import com.stripe.exception.StripeException;
import java.sql.SQLException;
import java.util.Optional;

/** Collects a targeted run: the organizations, customers and subscriptions the request names. */
final class TargetedRunJob implements CollectJob {
  private final RunRequest request;

  TargetedRunJob(RunRequest request) {
    this.request = request;
  }

  @Override
  public Collected collect(RunParts parts) throws SQLException, StripeException, InterruptedException {
    var toDerive = new TargetedScan(parts.scan())
        .run(request.organizationIds(), request.customerIds(), request.subscriptionIds());
    return new Collected(parts.collector().merged(), toDerive, Optional.empty(), Optional.empty(),
        new Collected.Cursor.Unmoved());
  }
}
