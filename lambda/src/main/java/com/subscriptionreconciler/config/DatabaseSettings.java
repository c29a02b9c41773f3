package com.subscriptionreconciler.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A resolved database connection: {@code JDBC_URL} or one built from {@code DB_HOST}/{@code DB_PORT}/{@code DB_NAME},
 * the CA bundle ({@code DB_SSL_CA}, a PEM file) the server's certificate is verified against, if any, and, when
 * the credentials came from {@code DB_SECRET_ID}, how to read them again: a login the database refuses is retried
 * once with the secret's current value, so a rotated password never fails a run.
 */
public record DatabaseSettings(
    String jdbcUrl, String user, Secret password, Optional<Path> caBundle,
    Optional<Supplier<DatabaseSettings>> reread) {
  public DatabaseSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(caBundle, "caBundle");
    Objects.requireNonNull(reread, "reread");
  }

  /** A connection that trusts the JVM's default CAs (no {@code DB_SSL_CA}) with fixed credentials. */
  public DatabaseSettings(String jdbcUrl, String user, Secret password) {
    this(jdbcUrl, user, password, Optional.empty(), Optional.empty());
  }
}
