package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/reference.md, Several Stripe accounts: every malformed {@code STRIPE_ACCOUNTS} is exit 2 before anything
 * connects, with a message naming the account and the field, and never a key.
 */
class StripeAccountsConfigurationTest {
  private static final String US_KEY = "sk_test_fakeAccountsUsKey";
  private static final String EU_KEY = "sk_test_fakeAccountsEuKey";

  private final Cli cli = new Cli();

  private Cli.Result reconcile(String accounts, String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put("JDBC_URL", "jdbc:mysql://db.invalid/x");
    env.put("STRIPE_ACCOUNTS", accounts);
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return cli.run(env, "reconcile");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // not JSON, or not an object of accounts
    "{\"us\":{\"key\":\"sk_test_fakeAccountsUsKey\" | STRIPE_ACCOUNTS is not valid JSON",
    "[\"sk_test_fakeAccountsUsKey\"] | STRIPE_ACCOUNTS must be a JSON object with at least one account",
    "{} | STRIPE_ACCOUNTS must be a JSON object with at least one account",
    // labels
    "{\"US\":{\"key\":\"sk_test_fakeAccountsUsKey\",\"default\":true}} | the label of account #1 is not valid",
    "{\"sk_test_fakeAccountsUsKey\":{\"key\":\"sk_test_fakeAccountsUsKey\",\"default\":true}} | the label of account #1 is not valid",
    "{\"us\":{\"key\":\"sk_test_fakeAccountsUsKey\",\"default\":true},\"this-label-is-longer-than-32-chars\":{\"key\":\"sk_test_fakeAccountsEuKey\"}} | the label of account #2 is not valid",
    "{\"us\":{\"key\":\"sk_test_fakeAccountsUsKey\",\"default\":true},\"us\":{\"key\":\"sk_test_fakeAccountsEuKey\"}} | STRIPE_ACCOUNTS names an account or a field twice",
    // an account's fields
    "{\"us\":\"sk_test_fakeAccountsUsKey\"} | STRIPE_ACCOUNTS account \"us\" must be an object with \"key\" or \"secretId\"",
    "{\"us\":{\"default\":true}} | STRIPE_ACCOUNTS account \"us\" has no key: give \"secretId\" (Secrets Manager) or \"key\"",
    "{\"us\":{\"key\":\"sk_test_fakeAccountsUsKey\",\"secretId\":\"stripe/us\",\"default\":true}} | STRIPE_ACCOUNTS account \"us\" has both \"key\" and \"secretId\"",
    "{\"us\":{\"key\":42,\"default\":true}} | STRIPE_ACCOUNTS account \"us\": \"key\" must be a non-empty string",
    "{\"us\":{\"key\":\"pk_test_fakeAccountsUsKey\",\"default\":true}} | STRIPE_ACCOUNTS account \"us\" key does not look like a Stripe secret key",
    "{\"us\":{\"key\":\"sk_test_fakeAccountsUsKey\",\"default\":\"yes\"}} | STRIPE_ACCOUNTS account \"us\": \"default\" must be true or false",
    "{\"us\":{\"key\":\"sk_test_fakeAccountsUsKey\",\"default\":true,\"sk_test_fakeAccountsEuKey\":1}} | STRIPE_ACCOUNTS account \"us\" has an unknown field (allowed: key, secretId, apiBase, default)",
    "{\"us\":{\"key\":\"sk_test_fakeAccountsUsKey\",\"default\":true,\"apiBase\":\"ftp://stripe\"}} | STRIPE_ACCOUNTS account \"us\" apiBase must be an http(s) URL",
    "{\"us\":{\"key\":\"sk_test_fakeAccountsUsKey\",\"default\":true,\"apiBase\":\"http://stripe.example.com\"}} | STRIPE_ACCOUNTS account \"us\" apiBase must use https://",
    // the default
    "{\"us\":{\"key\":\"sk_test_fakeAccountsUsKey\"},\"eu\":{\"key\":\"sk_test_fakeAccountsEuKey\"}} | STRIPE_ACCOUNTS has no default account: mark exactly one with \"default\": true",
    "{\"us\":{\"key\":\"sk_test_fakeAccountsUsKey\",\"default\":true},\"eu\":{\"key\":\"sk_test_fakeAccountsEuKey\",\"default\":true}} | STRIPE_ACCOUNTS marks us and eu as default",
  })
  void aMalformedValueIsExitTwoNamingWhatIsWrongAndNoKey(String accounts, String message) {
    Cli.Result result = reconcile(accounts);

    assertThat(result.exit()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).startsWith("configuration error: ").contains(message);
    assertThat(result.all()).doesNotContain(US_KEY).doesNotContain(EU_KEY);
    assertThat(cli.configs).as("nothing was built").isEmpty();
  }

  @ParameterizedTest(name = "with {0}")
  @CsvSource({"STRIPE_SECRET_KEY, sk_test_fakeSingleKey", "STRIPE_SECRET_ID, stripe/key"})
  void theSingleAccountVariablesMustBeUnset(String variable, String value) {
    Cli.Result result =
        reconcile("{\"us\":{\"key\":\"" + US_KEY + "\",\"default\":true}}", variable, value);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("configuration error: STRIPE_ACCOUNTS and " + variable + " are both set;"
        + " with STRIPE_ACCOUNTS every account's key is given there, so unset " + variable + " (a key outside the"
        + " list would leave it unclear which account it belongs to)" + System.lineSeparator());
    assertThat(result.all()).doesNotContain(US_KEY).doesNotContain("sk_test_fakeSingleKey");
  }

  @Test
  void anUnknownAccountAskedForNamesTheAccountsThereAre() {
    Map<String, String> env = Map.of("JDBC_URL", "jdbc:mysql://db.invalid/x", "STRIPE_ACCOUNTS",
        "{\"us\":{\"key\":\"" + US_KEY + "\",\"default\":true},\"eu\":{\"key\":\"" + EU_KEY + "\"}}");

    Cli.Result result = cli.run(env, "reconcile", "--account", "apac");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).isEqualTo(
        "configuration error: no account 'apac' in STRIPE_ACCOUNTS (accounts: us, eu)" + System.lineSeparator());
    assertThat(cli.configs).isEmpty();
  }

  @Test
  void anAccountWithoutStripeAccountsIsAUsageError() {
    Cli.Result result = cli.run(Map.of("JDBC_URL", "jdbc:mysql://db.invalid/x", "STRIPE_SECRET_KEY", US_KEY),
        "reconcile", "--account", "eu");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("account 'eu' was asked for, but STRIPE_ACCOUNTS is not set");
    assertThat(cli.configs).isEmpty();
  }
}
