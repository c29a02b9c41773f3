package com.subscriptionreconciler.run;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;

/**
 * Sorts Stripe failures into "this one object" (recorded, the run goes on) and "Stripe itself" (the run fails):
 * docs/reference.md, How it decides. Connection failures, a bad key and an exhausted rate-limit wait say nothing about one object and
 * would hit every following request too.
 */
final class StripeFailures {
  private StripeFailures() {}

  static boolean failsTheRun(StripeException e) {
    return e instanceof ApiConnectionException
        || e instanceof AuthenticationException
        || e instanceof PermissionException
        || e instanceof RateLimitException;
  }
}
