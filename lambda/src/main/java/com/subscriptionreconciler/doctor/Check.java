package com.subscriptionreconciler.doctor;

import com.subscriptionreconciler.config.JdbcUrlCredentials;

/**
 * One line of {@code doctor}'s answer: what was checked, how it went, what was found, and — for anything but a
 * pass — what to do about it.
 */
public record Check(String name, Status status, String detail, String fix) {
  public enum Status {
    PASS, WARN, FAIL, SKIP;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static Check pass(String name, String detail) {
    return new Check(name, Status.PASS, detail, "");
  }

  public static Check warn(String name, String detail, String fix) {
    return new Check(name, Status.WARN, detail, fix);
  }

  public static Check fail(String name, String detail, String fix) {
    return new Check(name, Status.FAIL, detail, fix);
  }

  /** The same check with any JDBC URL credentials in its texts masked. */
  Check redacted() {
    return new Check(name, status, JdbcUrlCredentials.redact(detail), JdbcUrlCredentials.redact(fix));
  }

  /** The same check, named for one account of {@code STRIPE_ACCOUNTS}: {@code stripe key (eu)}. */
  Check forAccount(String label) {
    return new Check(name + " (" + label + ")", status, detail, fix);
  }

  /** Not run because something it depends on failed; the failure it depends on carries the fix. */
  public static Check skip(String name, String because) {
    return new Check(name, Status.SKIP, because, "");
  }
}
