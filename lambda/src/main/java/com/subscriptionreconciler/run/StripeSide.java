package com.subscriptionreconciler.run;

import com.stripe.StripeClient;
import com.subscriptionreconciler.stripe.PacedHttpClient;
import com.subscriptionreconciler.stripe.StripeClients;

/**
 * How a run reaches Stripe: the client, the paced transport under it (request counts, the budget the listing fills)
 * and how many requests a listing keeps in flight.
 */
public record StripeSide(StripeClient client, PacedHttpClient transport, int parallelism) {
  public static StripeSide of(StripeClients.PacedStripeClient paced, int parallelism) {
    return new StripeSide(paced.client(), paced.transport(), parallelism);
  }
}
