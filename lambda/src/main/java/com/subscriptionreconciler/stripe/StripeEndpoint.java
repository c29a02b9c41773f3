package com.subscriptionreconciler.stripe;

import com.stripe.net.StripeRequest;

/**
 * The endpoint a request counts against in Stripe's per-endpoint limits: each named operation is one endpoint, so
 * {@code GET /v1/subscriptions/sub_1} and {@code GET /v1/subscriptions/sub_2} are the same endpoint, and the list
 * {@code GET /v1/subscriptions} another.
 */
final class StripeEndpoint {
  private StripeEndpoint() {}

  static String of(StripeRequest request) {
    return request.method().name() + " " + template(request.url().getPath());
  }

  /** {@code /v1/subscriptions/sub_123} → {@code /v1/subscriptions/{id}}; lists stay as they are. */
  static String template(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length == 4 && "v1".equals(parts[1]) && !parts[3].isEmpty()) {
      return "/v1/" + parts[2] + "/{id}";
    }
    return path;
  }
}
