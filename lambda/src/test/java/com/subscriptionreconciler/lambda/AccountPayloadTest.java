package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.config.AccountScope;
import com.subscriptionreconciler.testing.CapturedOutput;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md, Several Stripe accounts: the payload's {@code account} picks the engine of that account (one
 * invocation, one account; the default one when absent), each account's secret read from its own {@code secretId}.
 */
class AccountPayloadTest extends HandlerTestSupport {
  private static final String EU_KEY = "sk_test_fakeAccountPayloadEuKey";

  private ReconcilerHandler withAccounts() {
    secretsManager.put("prod/stripe-eu", EU_KEY);
    Map<String, String> env = environment();
    env.remove("STRIPE_SECRET_ID");
    env.put("STRIPE_ACCOUNTS", "{\"us\":{\"secretId\":\"prod/stripe\",\"default\":true},"
        + "\"eu\":{\"secretId\":\"prod/stripe-eu\"}}");
    return handler(env);
  }

  @Test
  void eachAccountRunsOnItsOwnEngineBuiltOnceAndNoAccountMeansTheDefault() throws Exception {
    ReconcilerHandler handler = withAccounts();

    try (CapturedOutput out = CapturedOutput.start()) {
      invoke(handler, json("{\"account\":\"eu\"}"), out);
      invoke(handler, json("{}"), out);
      invoke(handler, json("{\"account\":\"us\",\"dryRun\":true}"), out);
      invoke(handler, json("{\"account\":\"eu\"}"), out);
      assertThat(out.raw()).doesNotContain(EU_KEY).doesNotContain(STRIPE_KEY);
    }

    assertThat(configs).extracting(c -> c.scope())
        .as("the default engine is built first (it holds the configuration), eu's on its first invocation, once")
        .containsExactly(new AccountScope("us", true), new AccountScope("eu", false));
    assertThat(configs.get(1).stripe().apiKey().reveal()).isEqualTo(EU_KEY);
    assertThat(configs.get(0).stripe().apiKey().reveal()).isEqualTo(STRIPE_KEY);
    assertThat(requests).hasSize(4);
  }

  @Test
  void anAccountThisDeploymentDoesNotHaveIsAnInvalidPayloadAndNothingRuns() {
    ReconcilerHandler handler = withAccounts();

    try (CapturedOutput out = CapturedOutput.start()) {
      assertThatThrownBy(() -> invoke(handler, json("{\"account\":\"apac\"}"), out))
          .isInstanceOf(InvalidPayloadException.class)
          .hasMessage("no account 'apac' in STRIPE_ACCOUNTS (accounts: us, eu)");
      assertThatThrownBy(() -> invoke(handler, json("{\"account\":\"EU\"}"), out))
          .isInstanceOf(InvalidPayloadException.class)
          .hasMessage("account must be a label of STRIPE_ACCOUNTS: 1 to 32 characters of a-z, 0-9, _ and -");
      assertThatThrownBy(() -> invoke(handler, json("{\"account\":7}"), out))
          .isInstanceOf(InvalidPayloadException.class)
          .hasMessage("field 'account' must be a string");
    }
    assertThat(requests).isEmpty();
  }

  @Test
  void withoutStripeAccountsAnAccountIsRefused() {
    try (CapturedOutput out = CapturedOutput.start()) {
      assertThatThrownBy(() -> invoke(handler, json("{\"account\":\"eu\"}"), out))
          .isInstanceOf(InvalidPayloadException.class)
          .hasMessageStartingWith("account 'eu' was asked for, but STRIPE_ACCOUNTS is not set");
    }
    assertThat(requests).isEmpty();
  }
}
