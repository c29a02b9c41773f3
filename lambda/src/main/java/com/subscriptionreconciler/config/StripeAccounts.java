package com.subscriptionreconciler.config;

import java.util.List;
import java.util.Optional;

/**
 * The accounts of {@code STRIPE_ACCOUNTS} in the order the variable lists them, exactly one of them the default;
 * {@link #none()} when the variable is unset (a single-account deployment).
 */
public record StripeAccounts(List<StripeAccount> all) {
  public static final String VARIABLE = "STRIPE_ACCOUNTS";

  public StripeAccounts {
    all = List.copyOf(all);
    if (!all.isEmpty() && all.stream().filter(StripeAccount::isDefault).count() != 1) {
      throw new IllegalArgumentException("exactly one account must be the default");
    }
  }

  public static StripeAccounts none() {
    return new StripeAccounts(List.of());
  }

  /** Whether {@code STRIPE_ACCOUNTS} is set. */
  public boolean configured() {
    return !all.isEmpty();
  }

  public List<String> labels() {
    return all.stream().map(StripeAccount::label).toList();
  }

  public Optional<StripeAccount> defaultAccount() {
    return all.stream().filter(StripeAccount::isDefault).findFirst();
  }

  /**
   * The account labelled {@code label}.
   *
   * @throws ConfigurationException naming the labels there are, when there is none (or no {@code STRIPE_ACCOUNTS})
   */
  public StripeAccount named(String label) {
    if (!configured()) {
      throw notConfigured(label);
    }
    return all.stream().filter(a -> a.label().equals(label)).findFirst()
        .orElseThrow(() -> unknown(label, labels()));
  }

  /** An account was asked for, but there is no {@code STRIPE_ACCOUNTS}. */
  static ConfigurationException notConfigured(String label) {
    return new ConfigurationException("account '" + printable(label) + "' was asked for, but " + VARIABLE
        + " is not set: this deployment serves one Stripe account; drop the account, or configure " + VARIABLE);
  }

  /** An account was asked for that {@code STRIPE_ACCOUNTS} does not list. */
  static ConfigurationException unknown(String label, List<String> labels) {
    return new ConfigurationException("no account '" + printable(label) + "' in " + VARIABLE
        + " (accounts: " + String.join(", ", labels) + ")");
  }

  /**
   * Every account's real-time settings (webhook signing secret, EventBridge source), empty without
   * {@code STRIPE_ACCOUNTS}. Reads no secret: the webhook receiver, which holds no Stripe key, uses it.
   *
   * @throws ConfigurationException when the variable is malformed, exactly as loading the accounts would say
   */
  public static List<AccountEventSettings> eventSettings(Environment env) {
    return StripeAccountsParser.eventSettings(env);
  }

  /** A label as a message may show it: a value that is not one (perhaps a key pasted by mistake) is not echoed. */
  public static String printable(String label) {
    return label != null && AccountScope.LABEL.matcher(label).matches() ? label : "(not a valid label)";
  }
}
