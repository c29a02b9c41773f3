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

  /**
   * {@code /v1/subscriptions/sub_123} → {@code /v1/subscriptions/{id}}; lists stay as they are. Test helpers live one
   * level deeper: {@code /v1/test_helpers/test_clocks} is a list.
   */
  static String template(String path) {
    String[] parts = path.split("/", -1);
    int id = parts.length > 2 && "test_helpers".equals(parts[2]) ? 4 : 3;
    if (parts.length == id + 1 && "v1".equals(parts[1]) && !parts[id].isEmpty()) {
      return String.join("/", java.util.Arrays.copyOf(parts, id)) + "/{id}";
    }
    return path;
  }
}
