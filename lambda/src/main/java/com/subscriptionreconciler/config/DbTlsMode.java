package com.subscriptionreconciler.config;

import java.util.Locale;

/**
 * TLS for the database connection: MySQL Connector/J's {@code sslMode}. The one type for it, used by the
 * configuration ({@code DB_SSL_MODE}, an addition to the documented variables) and by the connection pool.
 *
 * <p>{@link #PREFERRED} (the driver's default) encrypts when the server offers TLS but verifies nothing;
 * {@link #REQUIRED} refuses a clear-text connection; {@link #VERIFY_CA} and {@link #VERIFY_IDENTITY} also check
 * the server's certificate against {@code DB_SSL_CA} (the RDS CA bundle), the latter its host name too. With
 * {@code JDBC_URL} the URL says it itself. See docs/reference.md, Configuration.
 */
public enum DbTlsMode {
  DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY;

  public static final String VARIABLE = "DB_SSL_MODE";

  static DbTlsMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          VARIABLE + " must be one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY");
    }
  }

  /** The value of mysql-connector-j's {@code sslMode} property. */
  public String driverValue() {
    return name();
  }

  /** Whether this mode checks the server's certificate (and so needs a CA to check it against). */
  public boolean verifiesCertificate() {
    return this == VERIFY_CA || this == VERIFY_IDENTITY;
  }
}
