package com.subscriptionreconciler.config;

import java.util.Locale;

/**
 * Optional {@code DB_SSL_MODE}: MySQL Connector/J's {@code sslMode}, appended to the URL built from
 * {@code DB_HOST}. An addition to the original variables: RDS accepts TLS, and a deployment may require it without
 * having to hand-write a {@code JDBC_URL}. With {@code JDBC_URL} the URL says it itself.
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
}
