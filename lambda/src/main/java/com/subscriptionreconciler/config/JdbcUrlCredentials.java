package com.subscriptionreconciler.config;

import java.util.regex.Pattern;

/**
 * Masks the credentials a JDBC URL may carry wherever a message might repeat it: a {@code password=} property
 * (any key ending in {@code password}, e.g. {@code trustCertificateKeyStorePassword}, in a query string or a
 * {@code (key=value)} host block) and the password of {@code user:password@host}. mysql-connector-j quotes the URL it
 * could not parse in its own exception text, and a message of ours may name a URL: both pass through here before
 * they are printed, logged or stored.
 */
public final class JdbcUrlCredentials {
  private static final Pattern PASSWORD_PROPERTY =
      Pattern.compile("(?i)([a-z0-9_.]*password\\s*=\\s*)('[^']*'|\"[^\"]*\"|[^&;,\\s'\"()\\]]*)");
  private static final Pattern USER_INFO =
      Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)([^/@\\s:?#]*):([^/@\\s?#]*)@");
  private static final String MASK = "****";

  private JdbcUrlCredentials() {}

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String masked = PASSWORD_PROPERTY.matcher(text).replaceAll("$1" + MASK);
    return USER_INFO.matcher(masked).replaceAll("$1$2:" + MASK + "@");
  }
}
