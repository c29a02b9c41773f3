package com.subscriptionreconciler.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Resolves {@link DatabaseSettings}: {@code JDBC_URL} overrides host/port/name; each {@code DB_*} variable wins
 * over the same field of the {@code DB_SECRET_ID} secret, which fills only what the variables leave unset. The
 * secret is fetched only when some field is actually missing.
 */
final class DatabaseSettingsResolver {
  static final int DEFAULT_PORT = 3306;
  /** The PEM bundle of CAs the database's certificate is verified against (the stack ships the RDS bundle). */
  static final String CA_VARIABLE = "DB_SSL_CA";

  private DatabaseSettingsResolver() {}

  static DatabaseSettings resolve(Environment env, SecretSource secrets, Optional<DbTlsMode> requestedTls) {
    Optional<DbTlsMode> tls = requestedTls;
    Optional<String> secretId = env.get("DB_SECRET_ID");
    Supplier<Optional<RdsSecret>> rds = memoize(() -> secretId.map(id -> RdsSecret.parse(id, secrets.secretString(id))));
    Optional<String> jdbcUrl = env.get("JDBC_URL");

    Optional<Path> caBundle = env.get(CA_VARIABLE).map(Path::of);
    if (caBundle.isPresent() && jdbcUrl.isEmpty()) {
      // a CA is there to be checked against: without a mode that says otherwise, verify the host name too
      tls = Optional.of(tls.orElse(DbTlsMode.VERIFY_IDENTITY));
      if (!tls.get().verifiesCertificate()) {
        throw new ConfigurationException(CA_VARIABLE + " is set, so " + DbTlsMode.VARIABLE
            + " must be VERIFY_CA or VERIFY_IDENTITY (or unset), not " + tls.get());
      }
      if (!Files.isReadable(caBundle.get())) {
        throw new ConfigurationException(CA_VARIABLE + " names a file that cannot be read: " + caBundle.get());
      }
    }

    String url;
    if (jdbcUrl.isPresent()) {
      if (tls.isPresent() || caBundle.isPresent()) {
        throw new ConfigurationException("DB_SSL_MODE and " + CA_VARIABLE + " cannot be combined with JDBC_URL:"
            + " put sslMode (and trustCertificateKeyStoreUrl) in the JDBC URL instead");
      }
      url = jdbcUrl.get();
      if (!url.startsWith("jdbc:")) {
        throw new ConfigurationException("JDBC_URL must start with jdbc: (e.g. jdbc:mysql://host:3306/db)");
      }
      if (!url.startsWith("jdbc:mysql://")) {
        // the pool speaks through MySQL Connector/J only; it reaches MariaDB servers too, as jdbc:mysql://
        throw new ConfigurationException("JDBC_URL must start with jdbc:mysql:// (MySQL Connector/J, which also"
            + " connects to MariaDB): write jdbc:mysql://host:3306/db");
      }
    } else {
      String host = env.get("DB_HOST").or(() -> rds.get().flatMap(RdsSecret::host)).orElseThrow(
          () -> new ConfigurationException(secretId.isEmpty()
              ? "no database configured: set JDBC_URL, DB_HOST or DB_SECRET_ID"
              : "no database host: JDBC_URL and DB_HOST are not set" + secretSuffix(secretId, "host")));
      int port = env.isSet("DB_PORT") ? port(env) : rds.get().flatMap(RdsSecret::port).orElse(DEFAULT_PORT);
      String name = env.get("DB_NAME").or(() -> rds.get().flatMap(RdsSecret::dbname)).orElseThrow(
          () -> new ConfigurationException("DB_NAME is not set" + secretSuffix(secretId, "dbname")));
      url = "jdbc:mysql://" + host + ":" + port + "/" + name
          + tls.map(mode -> "?sslMode=" + mode.driverValue()).orElse("");
    }

    Optional<String> user = env.get("DB_USER").or(() -> rds.get().flatMap(RdsSecret::username));
    if (user.isEmpty() && jdbcUrl.isEmpty()) {
      // with a JDBC_URL the credentials may be inside the URL; with a host they have to come from somewhere
      throw new ConfigurationException("DB_USER is not set" + secretSuffix(secretId, "username"));
    }
    Optional<Secret> password = env.get("DB_PASSWORD").map(Secret::of)
        .or(() -> rds.get().flatMap(RdsSecret::password));
    boolean credentialsFromSecret = secretId.isPresent() && (env.get("DB_USER").isEmpty()
        || env.get("DB_PASSWORD").isEmpty());
    Optional<Supplier<DatabaseSettings>> reread = credentialsFromSecret
        ? Optional.of(() -> resolve(env, freshReads(secrets), requestedTls))
        : Optional.empty();
    return new DatabaseSettings(url, user.orElse(null), password.orElse(null), caBundle, reread);
  }

  /** A source whose reads bypass (and refresh) the cache: for reading a rotated secret's current value. */
  private static SecretSource freshReads(SecretSource secrets) {
    return new SecretSource() {
      @Override
      public String secretString(String secretId) {
        return secrets.freshSecretString(secretId);
      }
    };
  }

  private static int port(Environment env) {
    long port = env.getLong("DB_PORT", DEFAULT_PORT, "a TCP port number (1-65535)");
    if (port < 1 || port > 65535) {
      throw new ConfigurationException("DB_PORT must be a TCP port number (1-65535)");
    }
    return (int) port;
  }

  private static String secretSuffix(Optional<String> secretId, String field) {
    return secretId.map(id -> " and secret '" + id + "' (DB_SECRET_ID) has no \"" + field + "\"")
        .orElse(" (and no DB_SECRET_ID to take it from)");
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;
      private boolean done;

      @Override
      public T get() {
        if (!done) {
          value = supplier.get();
          done = true;
        }
        return value;
      }
    };
  }
}
