package com.subscriptionreconciler.run;

/** The collect phase of one mode (full, targeted, incremental): reads Stripe and the database into a plan. */
@FunctionalInterface
interface CollectJob {
  Collected collect(RunParts parts) throws Exception;
}
