package com.subscriptionreconciler.run;

import com.subscriptionreconciler.config.JdbcUrlCredentials;
import java.util.regex.Pattern;

/**
 * Last line of defence for messages that leave the run (report, logs, run row): masks anything shaped like a
 * Stripe secret or restricted key, and the credentials of a JDBC URL. Our own code never puts a key in a message; this guards against a library or
 * a server echoing one back.
 */
public final class Redactor {
  private static final Pattern STRIPE_KEY = Pattern.compile("\\b([sr]k)_(live|test)_[A-Za-z0-9]{4,}");

  private Redactor() {}

  public static String redact(String message) {
    return message == null ? null
        : JdbcUrlCredentials.redact(STRIPE_KEY.matcher(message).replaceAll("$1_$2_****"));
  }
}
