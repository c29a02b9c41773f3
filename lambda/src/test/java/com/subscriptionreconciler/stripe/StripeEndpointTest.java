package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which of Stripe's per-endpoint limits a request counts against. */
class StripeEndpointTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/v1/subscriptions, /v1/subscriptions",
    "/v1/subscriptions/sub_123, /v1/subscriptions/{id}",
    "/v1/subscription_items, /v1/subscription_items",
    "/v1/customers/cus_1, /v1/customers/{id}",
    // test helpers live a level deeper: the clock list is a list, not a retrieve of test_helpers/{id}
    "/v1/test_helpers/test_clocks, /v1/test_helpers/test_clocks",
    "/v1/test_helpers/test_clocks/clock_1, /v1/test_helpers/test_clocks/{id}",
  })
  void eachNamedOperationIsOneEndpoint(String path, String endpoint) {
    assertThat(StripeEndpoint.template(path)).isEqualTo(endpoint);
  }
}
