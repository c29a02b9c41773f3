package com.subscriptionreconciler.db;

/**
 * The database connection's TLS could not be set up or the server's certificate was refused. The message names
 * the setting to fix ({@code DB_SSL_CA}, {@code DB_SSL_MODE}); it never contains credentials.
 */
public final class DatabaseTlsException extends RuntimeException {
  public DatabaseTlsException(String message, Throwable cause) {
    super(message, cause);
  }

  public DatabaseTlsException(String message) {
    super(message);
  }
}
