package com.subscriptionreconciler.doctor;

import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeKeyMode;
import java.time.Duration;
import java.time.Instant;

/** The Stripe checks' decisions, as pure functions of what was read. */
final class StripeJudgements {
  /** Beyond this the run's timestamps and the events window disagree with Stripe's by more than a retry. */
  static final Duration MAX_SKEW = Duration.ofSeconds(60);

  /** The fix of a key Stripe refuses, where a deployment of one account sets it. */
  static final String KEY_FIX = "check STRIPE_SECRET_KEY / STRIPE_SECRET_ID";
  /** The fix of a key of neither mode, where a deployment of one account sets it. */
  static final String KEY_MODE_FIX = "set STRIPE_SECRET_KEY or STRIPE_SECRET_ID to the account's key";

  private StripeJudgements() {}

  /**
   * {@code check} as one of account {@code label}'s checks: named with its label, and a fix about its key pointing
   * where that key is set, in {@code STRIPE_ACCOUNTS} ({@code STRIPE_SECRET_KEY} and {@code STRIPE_SECRET_ID} are
   * unset then).
   */
  static Check forAccount(Check check, String label) {
    Check named = check.forAccount(label);
    String key = "account " + label + "'s \"key\" or \"secretId\" in STRIPE_ACCOUNTS";
    return switch (check.fix()) {
      case KEY_FIX -> new Check(named.name(), named.status(), named.detail(), "check " + key);
      case KEY_MODE_FIX -> new Check(named.name(), named.status(), named.detail(),
          "set " + key + " to the account's key");
      default -> named;
    };
  }

  /** Whether the key is a sandbox's (test mode), from its prefix. */
  static boolean sandbox(String key) {
    return StripeKeyMode.of(Secret.of(key)) == StripeKeyMode.SANDBOX;
  }

  /** Mode and kind from the key's prefix only; the key itself is never shown. */
  static Check keyMode(String key) {
    StripeKeyMode mode = StripeKeyMode.of(Secret.of(key));
    boolean live = mode == StripeKeyMode.LIVE;
    boolean test = mode == StripeKeyMode.SANDBOX;
    String kind = key.startsWith("rk_") ? "restricted" : "secret";
    if (live) {
      return Check.pass("stripe key", "live mode, " + kind + " key"
          + (kind.equals("secret") ? " (a restricted key with read access only is safer)" : ""));
    }
    if (test) {
      return Check.warn("stripe key", "test mode, " + kind + " key: runs see the sandbox, not live data",
          "use a live key for production (a test key against live data would archive everything; the guard stops it)");
    }
    return Check.fail("stripe key", "neither a live nor a test key (expected sk_live_, sk_test_, rk_live_, rk_test_)",
        KEY_MODE_FIX);
  }

  /** A GET the product makes, answered with {@code status}; {@code code} is Stripe's error code if any. */
  static Check endpoint(String path, int status, String code) {
    String name = "stripe GET " + path;
    if (status == 200) {
      return Check.pass(name, "readable");
    }
    if (status == 401) {
      return Check.fail(name, "401: the key is not valid", KEY_FIX);
    }
    if (status == 403) {
      return Check.fail(name, "403: the key may not read this" + (code.isEmpty() ? "" : " (" + code + ")"),
          "give the restricted key Read access to this resource in the Stripe Dashboard");
    }
    if (status == 429) {
      return Check.warn(name, "429: rate limited right now", "try again; lower STRIPE_MAX_RPS if it persists");
    }
    return Check.fail(name, "HTTP " + status + (code.isEmpty() ? "" : " (" + code + ")"),
        "check STRIPE_API_BASE and the network path to Stripe (NAT gateway in a VPC)");
  }

  /** How many items a subscription list page embeds in each subscription's {@code items}. */
  static final int EMBEDDED_ITEMS = 10;

  /**
   * Of {@code sampled} Stripe subscriptions, {@code more} have more items than the list embeds; {@code status} and
   * {@code code} answer the one {@code GET /v1/subscription_items} made for them (not made when {@code more} is 0).
   */
  static Check subscriptionItems(int sampled, int more, boolean complete, int status, String code) {
    String scope = complete ? "of all " + sampled : "of the newest " + sampled;
    if (more == 0) {
      return Check.pass("subscription items", "none " + scope + " Stripe subscriptions has more than "
          + EMBEDDED_ITEMS + " items (all a list page embeds)");
    }
    String detail = more + " " + scope + " Stripe subscriptions have more than " + EMBEDDED_ITEMS
        + " items, more than a list page embeds: a run reads the rest from GET " + StripeDoctor.ITEMS
        + " (one more request each, per 100 items)";
    if (status == 200) {
      return Check.pass("subscription items", detail);
    }
    Check refused = endpoint(StripeDoctor.ITEMS, status, code);
    return new Check("subscription items", refused.status(), detail + "; that GET answered " + refused.detail(),
        status == 403 ? "give the restricted key Read access to subscription items in the Stripe Dashboard: without"
            + " it a run cannot read those subscriptions' other items" : refused.fix());
  }

  /** Stripe's {@code Date} header against this machine's clock. */
  static Check clock(Instant local, Instant stripe) {
    Duration skew = Duration.between(stripe, local).abs();
    String detail = "this clock is " + skew.toSeconds() + " s " + (local.isAfter(stripe) ? "ahead of" : "behind")
        + " Stripe's";
    if (skew.compareTo(MAX_SKEW) <= 0) {
      return Check.pass("clock skew", detail);
    }
    return Check.fail("clock skew", detail, "synchronise this machine's clock (NTP)");
  }

  /** Of {@code sampled} Stripe subscriptions, {@code accounts} have a customer represented as an Account. */
  static Check accountCustomers(int sampled, int accounts, boolean complete) {
    String scope = complete ? "of all " + sampled : "of the newest " + sampled;
    if (accounts == 0) {
      return Check.pass("account customers", "none " + scope + " Stripe subscriptions has a customer_account");
    }
    return Check.pass("account customers", accounts + " " + scope + " Stripe subscriptions have a customer"
        + " represented as an Account (customer_account acct_…); an organization may hold its acct_… or cus_… id");
  }

  /**
   * Organizations with an id that is neither {@code cus_…} nor {@code acct_…} ({@code malformed}), and those no
   * Stripe subscription names ({@code unmatched}; -1 when the account has too many subscriptions to tell).
   */
  static Check unmatchedOrganizations(long malformed, long unmatched) {
    if (malformed > 0) {
      return Check.warn("unmatched organizations",
          malformed + " organizations have a stripe_customer_id that is neither a cus_… nor an acct_… id",
          "set stripe_customer_id to the customer's id (cus_…) or, for a customer represented as an Account, its"
              + " acct_… id");
    }
    if (unmatched < 0) {
      return Check.pass("unmatched organizations", "every stripe_customer_id is a cus_… or acct_… id");
    }
    if (unmatched == 0) {
      return Check.pass("unmatched organizations", "every organization's customer has a Stripe subscription");
    }
    return Check.warn("unmatched organizations",
        unmatched + " organizations have a customer id no Stripe subscription names (as customer or customer_account)",
        "fine for customers without a subscription; otherwise correct stripe_customer_id (cus_… or acct_…)");
  }

  /** How many test clocks a sandbox has ({@code more}: at least that many). */
  static Check testClocks(int clocks, boolean more) {
    if (clocks == 0) {
      return Check.pass("test clocks", "none in this sandbox");
    }
    return Check.pass("test clocks", (more ? "more than " : "") + clocks + " test clocks in this sandbox: Stripe's"
        + " plain subscription list leaves their subscriptions out, so a full run also lists each clock's");
  }

  /** Of {@code sampled} Stripe subscriptions, {@code unlinked} have a customer no organization has. */
  static Check unlinked(int sampled, int unlinked, boolean complete) {
    String scope = complete ? "of all " + sampled : "of the newest " + sampled;
    if (sampled == 0) {
      return Check.pass("unlinked subscriptions", "Stripe has no subscriptions yet");
    }
    if (unlinked == 0) {
      return Check.pass("unlinked subscriptions", "none " + scope + " Stripe subscriptions");
    }
    String detail = unlinked + " " + scope + " Stripe subscriptions have a customer no organization has"
        + " (by customer or customer_account)";
    if (unlinked == sampled) {
      return Check.fail("unlinked subscriptions", detail,
          "fill organizations.stripe_customer_id (cus_… or acct_…); a run reports these as unlinked and never"
              + " guesses");
    }
    return Check.warn("unlinked subscriptions", detail,
        "fill organizations.stripe_customer_id (cus_… or acct_…) for those customers, or accept them as unlinked");
  }
}
