package com.subscriptionreconciler.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The accounts a rollback may run as, and which of them a recorded run belongs to (docs/reference.md, Several Stripe
 * accounts): a rollback runs as the account of the run it undoes, under that account's lock and on its rows only.
 * Read from {@code STRIPE_ACCOUNTS} for the labels and the default alone, never a key or any other secret, since a
 * rollback needs no Stripe key; {@link #single()} without the variable.
 *
 * @param all the accounts, exactly one of them the default; empty for a deployment without {@code STRIPE_ACCOUNTS}
 * @param asked the account the operator named ({@code rollback --account}), which the run must belong to
 */
public record AccountScopes(List<AccountScope> all, Optional<String> asked) {
  public AccountScopes {
    all = List.copyOf(all);
    Objects.requireNonNull(asked, "asked");
  }

  /** A deployment without {@code STRIPE_ACCOUNTS}: every run is the one account's. */
  public static AccountScopes single() {
    return new AccountScopes(List.of(), Optional.empty());
  }

  /** One engine's account: the only one its rollbacks may run as ({@link #single()} when it is unlabelled). */
  public static AccountScopes of(AccountScope account) {
    return account.labelled() ? new AccountScopes(List.of(account), Optional.empty()) : single();
  }

  /**
   * The accounts of {@code STRIPE_ACCOUNTS}, or {@link #single()} when it is unset.
   *
   * @throws ConfigurationException when the variable is malformed, exactly as loading the accounts would say
   */
  public static AccountScopes load(Environment env) {
    List<AccountScope> scopes = StripeAccounts.eventSettings(env).stream()
        .map(account -> new AccountScope(account.label(), account.isDefault()))
        .toList();
    return new AccountScopes(scopes, Optional.empty());
  }

  /** Whether {@code STRIPE_ACCOUNTS} is in use: runs then carry their account, and a rollback reads it. */
  public boolean labelled() {
    return !all.isEmpty();
  }

  /**
   * The same accounts, a run of which may be rolled back only if it is {@code label}'s.
   *
   * @throws ConfigurationException when there is no such account (or no {@code STRIPE_ACCOUNTS})
   */
  public AccountScopes asking(String label) {
    if (!labelled()) {
      throw StripeAccounts.notConfigured(label);
    }
    if (all.stream().noneMatch(a -> a.label().equals(label))) {
      throw StripeAccounts.unknown(label, labels());
    }
    return new AccountScopes(all, Optional.of(label));
  }

  /**
   * The account a rollback of {@code runId} runs as: {@link AccountScope#single()} without {@code STRIPE_ACCOUNTS};
   * else the account its row names, the default one when it names none (a run recorded before the variable was set).
   *
   * @param recordedAccount the run row's {@code stripe_account}
   * @throws IllegalArgumentException when that is not an account listed here, or not the one asked for
   */
  public AccountScope ofRun(String runId, String recordedAccount) {
    if (!labelled()) {
      return AccountScope.single();
    }
    AccountScope account = all.stream()
        .filter(a -> recordedAccount == null ? a.isDefault() : a.label().equals(recordedAccount))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("run " + runId + " belongs to " + named(recordedAccount)
            + ", which is not among the accounts this rollback can run as (" + String.join(", ", labels())
            + "): a rollback runs as the account of the run it undoes, under its lock and on its rows only"));
    if (asked.isPresent() && !asked.get().equals(account.label())) {
      throw new IllegalArgumentException("run " + runId + " belongs to account '" + account.label() + "', not '"
          + asked.get() + "': --account must name the account of the run to roll back (or be left out)");
    }
    return account;
  }

  private static String named(String recordedAccount) {
    return recordedAccount == null
        ? "the default account" : "account '" + StripeAccounts.printable(recordedAccount) + "'";
  }

  private List<String> labels() {
    return all.stream().map(AccountScope::label).toList();
  }
}
