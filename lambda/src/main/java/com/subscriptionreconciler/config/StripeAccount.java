package com.subscriptionreconciler.config;

import java.util.Objects;

/**
 * One account of {@code STRIPE_ACCOUNTS}: its label, whether it is the default, and how to reach it (its own key,
 * API base and the request ceilings for its key's mode).
 */
public record StripeAccount(String label, boolean isDefault, StripeSettings stripe) {
  public StripeAccount {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(stripe, "stripe");
  }

  public AccountScope scope() {
    return new AccountScope(label, isDefault);
  }

  @Override
  public String toString() {
    // StripeSettings masks its key; kept short so a log line that names an account stays readable
    return "StripeAccount[" + label + (isDefault ? ", default" : "") + "]";
  }
}
