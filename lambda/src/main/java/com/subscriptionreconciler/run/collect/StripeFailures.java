package com.subscriptionreconciler.run.collect;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;

/**
 * Sorts Stripe failures into "this one object" (recorded, the run goes on) and "Stripe itself" (the run fails):
 * docs/reference.md, How it decides. Connection failures, a bad key and an exhausted rate-limit wait say nothing about one object and
 * would hit every following request too. A 403 ({@code PermissionException}) names one object the key may not
 * read, so it is that object's error; a key that may not read subscriptions at all fails the listing itself.
 */
public final class StripeFailures {
  private StripeFailures() {}

  public static boolean failsTheRun(StripeException e) {
    return e instanceof ApiConnectionException
        || (e instanceof AuthenticationException && !(e instanceof PermissionException)) // a 403 extends the 401
        || e instanceof RateLimitException;
  }
}
