package com.subscriptionreconciler.doctor;

import com.subscriptionreconciler.config.AccountScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The checks of a database shared by several Stripe accounts ({@code STRIPE_ACCOUNTS}), as pure functions of what
 * was read: whether the rows can be told apart, and whose they are.
 */
final class AccountJudgements {
  /** At most this many unknown labels are named. */
  static final int MAX_NAMED = 5;

  private AccountJudgements() {}

  /** The rows of one billing table carrying one {@code stripe_account} value ({@code label} null: no value). */
  record LabelCount(String label, long rows) {}

  /**
   * The billing tables without a {@code stripe_account} column (nor one mapped), each as {@code name (logical)};
   * {@code columns} names the ones found, for the pass.
   */
  static Check column(List<String> without, List<String> columns) {
    if (without.isEmpty()) {
      return Check.pass("account column", String.join(" and ", columns) + " tell the accounts' rows apart");
    }
    return Check.fail("account column", "STRIPE_ACCOUNTS is set, but " + String.join(" and ", without)
            + (without.size() == 1 ? " has" : " have") + " no stripe_account column: every run fails at start",
        "run migrate (the product's own tables), or migrate --adopt with STRIPE_ACCOUNTS set (an application's"
            + " adopted tables), or map the column in SCHEMA_MAP");
  }

  /**
   * Rows per account in each billing table: a NULL {@code stripe_account} is the default account's, as is its own
   * label; a value that is no configured label belongs to no account, so no run reads or writes those rows.
   */
  static Check rows(List<String> labels, String defaultLabel, List<LabelCount> organizations,
      List<LabelCount> subscriptions) {
    List<String> unknown = new ArrayList<>();
    String detail = "organizations: " + perAccount(labels, defaultLabel, organizations, unknown)
        + "; subscriptions: " + perAccount(labels, defaultLabel, subscriptions, unknown)
        + " (rows without a stripe_account are " + defaultLabel + "'s, the default account)";
    long strayOrganizations = stray(labels, organizations);
    long straySubscriptions = stray(labels, subscriptions);
    if (strayOrganizations + straySubscriptions == 0) {
      return Check.pass("account rows", detail);
    }
    List<String> named = unknown.stream().distinct().limit(MAX_NAMED).toList();
    return Check.warn("account rows", detail + "; " + strayOrganizations + " organizations and " + straySubscriptions
            + " subscriptions carry a stripe_account that is no account of STRIPE_ACCOUNTS ("
            + String.join(", ", named) + (unknown.stream().distinct().count() > MAX_NAMED ? ", …" : "")
            + "): no run reads or writes them",
        "add those accounts to STRIPE_ACCOUNTS, or set the rows' stripe_account to a configured label (NULL for"
            + " the default account)");
  }

  private static String perAccount(List<String> labels, String defaultLabel, List<LabelCount> counts,
      List<String> unknown) {
    counts.stream().map(LabelCount::label).filter(label -> label != null && !labels.contains(label))
        .map(AccountJudgements::printable).forEach(unknown::add);
    return labels.stream().map(label -> label + " " + counts.stream()
            .filter(c -> Objects.equals(c.label(), label) || (c.label() == null && label.equals(defaultLabel)))
            .mapToLong(LabelCount::rows).sum())
        .collect(Collectors.joining(", "));
  }

  private static long stray(List<String> labels, List<LabelCount> counts) {
    return counts.stream().filter(c -> c.label() != null && !labels.contains(c.label())).mapToLong(LabelCount::rows)
        .sum();
  }

  /** A stored value as doctor may show it: one that is not a label (a key pasted by mistake?) is not echoed. */
  private static String printable(String value) {
    return AccountScope.LABEL.matcher(value).matches() ? "'" + value + "'" : "(not a valid label)";
  }
}
