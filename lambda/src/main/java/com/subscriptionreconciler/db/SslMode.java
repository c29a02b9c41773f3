package com.subscriptionreconciler.db;

/**
 * TLS for the database connection, passed to mysql-connector-j as its {@code sslMode} property.
 *
 * <p>{@link #PREFERRED} (the driver's default) encrypts when the server offers TLS but verifies nothing;
 * use {@link #VERIFY_IDENTITY} against RDS with the RDS CA bundle in the trust store.
 */
public enum SslMode {
  DISABLED,
  PREFERRED,
  REQUIRED,
  VERIFY_CA,
  VERIFY_IDENTITY;

  /** The value of mysql-connector-j's {@code sslMode} property. */
  public String driverValue() {
    return name();
  }
}
