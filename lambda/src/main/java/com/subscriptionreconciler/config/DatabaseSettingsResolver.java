package com.subscriptionreconciler.config;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Resolves {@link DatabaseSettings}: {@code JDBC_URL} overrides host/port/name; each {@code DB_*} variable wins
 * over the same field of the {@code DB_SECRET_ID} secret, which fills only what the variables leave unset. The
 * secret is fetched only when some field is actually missing.
 */
final class DatabaseSettingsResolver {
  static final int DEFAULT_PORT = 3306;

  private DatabaseSettingsResolver() {}

  static DatabaseSettings resolve(Environment env, SecretSource secrets, Optional<DbTlsMode> tls) {
    Optional<String> secretId = env.get("DB_SECRET_ID");
    Supplier<Optional<RdsSecret>> rds = memoize(() -> secretId.map(id -> RdsSecret.parse(id, secrets.secretString(id))));
    Optional<String> jdbcUrl = env.get("JDBC_URL");

    String url;
    if (jdbcUrl.isPresent()) {
      if (tls.isPresent()) {
        throw new ConfigurationException(
            "DB_SSL_MODE cannot be combined with JDBC_URL: put sslMode in the JDBC URL instead");
      }
      url = jdbcUrl.get();
      if (!url.startsWith("jdbc:")) {
        throw new ConfigurationException("JDBC_URL must start with jdbc: (e.g. jdbc:mysql://host:3306/db)");
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
          + tls.map(mode -> "?sslMode=" + mode.name()).orElse("");
    }

    Optional<String> user = env.get("DB_USER").or(() -> rds.get().flatMap(RdsSecret::username));
    if (user.isEmpty() && jdbcUrl.isEmpty()) {
      // with a JDBC_URL the credentials may be inside the URL; with a host they have to come from somewhere
      throw new ConfigurationException("DB_USER is not set" + secretSuffix(secretId, "username"));
    }
    Optional<Secret> password = env.get("DB_PASSWORD").map(Secret::of)
        .or(() -> rds.get().flatMap(RdsSecret::password));
    return new DatabaseSettings(url, user.orElse(null), password.orElse(null));
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
