package com.subscriptionreconciler.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A resolved database connection: {@code JDBC_URL} or one built from {@code DB_HOST}/{@code DB_PORT}/{@code DB_NAME},
 * and the CA bundle ({@code DB_SSL_CA}, a PEM file) the server's certificate is verified against, if any.
 */
public record DatabaseSettings(String jdbcUrl, String user, Secret password, Optional<Path> caBundle) {
  public DatabaseSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(caBundle, "caBundle");
  }

  /** A connection that trusts the JVM's default CAs (no {@code DB_SSL_CA}). */
  public DatabaseSettings(String jdbcUrl, String user, Secret password) {
    this(jdbcUrl, user, password, Optional.empty());
  }

  /** The same connection with other credentials (after the credentials secret was read again). */
  public DatabaseSettings withCredentials(String newUser, Secret newPassword) {
    return new DatabaseSettings(jdbcUrl, newUser, newPassword, caBundle);
  }
}
