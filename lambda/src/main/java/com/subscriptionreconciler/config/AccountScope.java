package com.subscriptionreconciler.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Stripe account's rows one engine reads and writes (docs/reference.md, Several Stripe accounts). A
 * deployment without {@code STRIPE_ACCOUNTS} has the {@link #single()} scope: every row, no {@code stripe_account}
 * column referenced anywhere, the lock and checkpoint names it always had.
 *
 * <p>With {@code STRIPE_ACCOUNTS}, the default account is what a single-account deployment was: its rows are those
 * whose {@code stripe_account} is NULL (or its own label), and its lock and checkpoint keep their plain names, so a
 * deployment that adds a second account changes nothing for the rows it already had. Every other account sees only
 * rows labelled with its label, and has a lock and a checkpoint of its own.
 *
 * @param label the account's label; null only for {@link #single()}
 * @param isDefault whether this is the default account (always true for {@link #single()})
 */
public record AccountScope(String label, boolean isDefault) {
  /** {@code STRIPE_ACCOUNTS} labels: what may appear in a column, a lock name, a metric dimension and SQL. */
  public static final Pattern LABEL = Pattern.compile("[a-z0-9_-]{1,32}");

  private static final AccountScope SINGLE = new AccountScope(null, true);

  public AccountScope {
    if (label == null && !isDefault) {
      throw new IllegalArgumentException("only the default account may be unlabelled");
    }
    // the label is written into SQL as a literal: only the validated alphabet may get there
    if (label != null && !LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException("not an account label: must match " + LABEL.pattern());
    }
  }

  /** The one account of a deployment without {@code STRIPE_ACCOUNTS}. */
  public static AccountScope single() {
    return SINGLE;
  }

  /** Whether {@code STRIPE_ACCOUNTS} is in use (the scope has a label). */
  public boolean labelled() {
    return label != null;
  }

  /** The label, empty for {@link #single()}: what reports, run rows and metrics carry. */
  public Optional<String> account() {
    return Optional.ofNullable(label);
  }

  /**
   * The condition that restricts rows to this account on {@code quotedColumn} (an already quoted identifier), or
   * empty when no restriction applies ({@link #single()}).
   */
  public Optional<String> condition(String quotedColumn) {
    Objects.requireNonNull(quotedColumn, "quotedColumn");
    if (label == null) {
      return Optional.empty();
    }
    String literal = "'" + label + "'";
    return Optional.of(isDefault
        ? "(" + quotedColumn + " IS NULL OR " + quotedColumn + " = " + literal + ")"
        : quotedColumn + " = " + literal);
  }

  /**
   * The value a row this account inserts carries in {@code stripe_account}: empty for the default account (NULL, so
   * its rows read as they always did) and for {@link #single()} (no column written at all).
   */
  public Optional<String> insertedLabel() {
    return isDefault ? Optional.empty() : Optional.of(label);
  }

  /** A suffix for per-account names (lock, checkpoint): empty for the default account, {@code :label} otherwise. */
  public String nameSuffix() {
    return isDefault ? "" : ":" + label;
  }
}
