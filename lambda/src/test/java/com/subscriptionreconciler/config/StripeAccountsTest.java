package com.subscriptionreconciler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.db.RunLock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code STRIPE_ACCOUNTS} as loaded, and what an account's scope makes of rows, locks and checkpoints. */
class StripeAccountsTest {
  private static final String US_KEY = "sk_live_fake_accounts_us";
  private static final String EU_KEY = "sk_test_fakeAccountsEuKey";

  private final Map<String, String> secretsById = new HashMap<>(Map.of("stripe/us", US_KEY,
      "stripe/eu", "{\"STRIPE_SECRET_KEY\":\"" + EU_KEY + "\"}"));

  private ReconcilerConfig load(String accounts, String... extra) {
    Map<String, String> env = new HashMap<>(Map.of("JDBC_URL", "jdbc:mysql://db.internal/billing",
        "DB_USER", "reconciler", "STRIPE_ACCOUNTS", accounts));
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return ReconcilerConfig.load(Environment.of(env), id -> {
      String value = secretsById.get(id);
      if (value == null) {
        throw new ConfigurationException("secret '" + id + "' was not found");
      }
      return value;
    });
  }

  @Test
  void eachAccountHasItsOwnKeyApiBaseAndCeilingsAndTheLoadedConfigIsTheDefaults() {
    ReconcilerConfig config = load("{\"eu\":{\"secretId\":\"stripe/eu\",\"apiBase\":\"http://127.0.0.1:12111/\"},"
        + "\"us\":{\"secretId\":\"stripe/us\",\"default\":true}}", "STRIPE_API_BASE", "https://proxy.internal",
        "STRIPE_MAX_RPS", "60");

    assertThat(config.accounts().labels()).containsExactly("eu", "us");
    assertThat(config.scope()).isEqualTo(new AccountScope("us", true));
    assertThat(config.stripe().apiKey().reveal()).isEqualTo(US_KEY);
    assertThat(config.stripe().apiBase()).as("STRIPE_API_BASE for an account without its own")
        .isEqualTo("https://proxy.internal");
    assertThat(config.stripe().maxRequestsPerSecond()).as("a live key keeps STRIPE_MAX_RPS").isEqualTo(60);

    ReconcilerConfig eu = config.forAccount("eu");
    assertThat(eu.scope()).isEqualTo(new AccountScope("eu", false));
    assertThat(eu.stripe().apiKey().reveal()).as("JSON secret, like STRIPE_SECRET_ID's").isEqualTo(EU_KEY);
    assertThat(eu.stripe().apiBase()).isEqualTo("http://127.0.0.1:12111");
    assertThat(eu.stripe().maxRequestsPerSecond()).as("a sandbox key is held to 25/s").isEqualTo(25);
    assertThat(eu.database()).isEqualTo(config.database());
    assertThat(config.perAccount()).as("the default first").extracting(c -> c.scope().label())
        .containsExactly("us", "eu");
  }

  @Test
  void aRollbackRunsAsTheAccountItsRunRecordedReadWithoutAnyKey() {
    // secret ids only, and no secret source at all: a rollback needs no Stripe key
    AccountScopes accounts = AccountScopes.load(Environment.of(Map.of("STRIPE_ACCOUNTS",
        "{\"us\":{\"secretId\":\"stripe/us\",\"default\":true},\"eu\":{\"secretId\":\"stripe/eu\"}}")));

    assertThat(accounts.ofRun("r-1", null)).as("recorded before STRIPE_ACCOUNTS")
        .isEqualTo(new AccountScope("us", true));
    assertThat(accounts.ofRun("r-2", "us")).isEqualTo(new AccountScope("us", true));
    assertThat(accounts.ofRun("r-3", "eu")).isEqualTo(new AccountScope("eu", false));
    assertThatThrownBy(() -> accounts.ofRun("r-4", "asia")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run r-4 belongs to account 'asia', which is not among the accounts this rollback"
            + " can run as (us, eu)");
    assertThatThrownBy(() -> accounts.asking("eu").ofRun("r-5", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run r-5 belongs to account 'us', not 'eu'");
    assertThat(AccountScopes.load(Environment.of(Map.of())).ofRun("r-6", "eu"))
        .as("without STRIPE_ACCOUNTS every run is the one account's").isEqualTo(AccountScope.single());
  }

  @Test
  void withoutStripeAccountsThereIsOneUnlabelledAccount() {
    ReconcilerConfig config = ReconcilerConfig.load(Environment.of(Map.of("JDBC_URL", "jdbc:mysql://db/x",
        "DB_USER", "u", "STRIPE_SECRET_KEY", EU_KEY)), SecretSource.none());

    assertThat(config.accounts().configured()).isFalse();
    assertThat(config.scope()).isEqualTo(AccountScope.single());
    assertThat(config.perAccount()).containsExactly(config);
    assertThat(AccountScope.single().condition("`stripe_account`")).isEmpty();
    assertThat(AccountScope.single().insertedLabel()).isEmpty();
  }

  @Test
  void anUnreadableSecretNamesTheAccountAndTheSecretButNoValue() {
    secretsById.put("stripe/us", "not a key at all");

    assertThatThrownBy(() -> load("{\"us\":{\"secretId\":\"stripe/us\",\"default\":true}}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("secret 'stripe/us' (STRIPE_ACCOUNTS account \"us\" secretId) does not look like a Stripe"
            + " secret key (expected a single value starting with sk_ or rk_)");
  }

  @Test
  void theDefaultAccountOwnsTheUnlabelledRowsAndKeepsThePlainNames() {
    AccountScope us = new AccountScope("us", true);
    AccountScope eu = new AccountScope("eu", false);

    assertThat(us.condition("`acct`")).contains("(`acct` IS NULL OR `acct` = 'us')");
    assertThat(eu.condition("`acct`")).contains("`acct` = 'eu'");
    assertThat(us.insertedLabel()).isEmpty();
    assertThat(eu.insertedLabel()).contains("eu");
    assertThat(RunLock.nameFor("billing", us.nameSuffix())).isEqualTo("subscription_reconciler.billing");
    assertThat(RunLock.nameFor("billing", eu.nameSuffix())).isEqualTo("subscription_reconciler.billing:eu");
  }

  @Test
  void onlyValidLabelsMakeAScopeSinceTheyAreWrittenIntoSql() {
    for (String bad : List.of("EU", "eu'; DROP TABLE x; --", "", "a".repeat(33))) {
      assertThatThrownBy(() -> new AccountScope(bad, false)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
