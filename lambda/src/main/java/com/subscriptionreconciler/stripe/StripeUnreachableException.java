package com.subscriptionreconciler.stripe;

import com.stripe.exception.ApiConnectionException;
import com.subscriptionreconciler.failure.ActionableFailure;
import com.subscriptionreconciler.failure.NetworkReason;
import java.net.URL;

/**
 * Stripe could not be reached at the base URL the run actually uses ({@code STRIPE_API_BASE}). stripe-java's own
 * message names its global default base, {@code https://api.stripe.com}, whatever the client was built with, which
 * sends the operator to the wrong place. Still an {@link ApiConnectionException}, so stripe-java retries it as
 * before.
 */
public final class StripeUnreachableException extends ApiConnectionException implements ActionableFailure {
  public static final String FIX = "check STRIPE_API_BASE and the network path to Stripe (a NAT gateway in the VPC)";

  private final String detail;

  private StripeUnreachableException(String detail, Throwable cause) {
    super(detail + "; " + FIX, cause);
    this.detail = detail;
  }

  /** @param url the request's URL; only its scheme, host and port are named */
  static StripeUnreachableException of(URL url, Throwable cause) {
    return new StripeUnreachableException(detail(url.getProtocol() + "://" + url.getAuthority(), cause), cause);
  }

  /** The words for "Stripe did not answer at {@code apiBase}", for the run and for {@code doctor} alike. */
  public static String detail(String apiBase, Throwable cause) {
    return "cannot reach Stripe at " + apiBase + ": " + NetworkReason.of(cause);
  }

  @Override
  public String detail() {
    return detail;
  }

  @Override
  public String fix() {
    return FIX;
  }
}
