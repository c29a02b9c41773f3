package com.subscriptionreconciler.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The part of the configuration that commands touching only the database need ({@code migrate}, {@code runs},
 * {@code show}): the connection and the log level. It deliberately reads no Stripe variable and no
 * {@code PLAN_TIER_MAP}, so an operator can migrate a fresh database or inspect history without a Stripe key in
 * reach. Validation of what it does read is exactly {@link ReconcilerConfig#load}'s.
 */
public record DatabaseConfig(DatabaseSettings database, LogLevel logLevel, SchemaMap schemaMap) {
  public DatabaseConfig {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(schemaMap, "schemaMap");
  }

  /** The product's own tables under their own names (no {@code SCHEMA_MAP}). */
  public DatabaseConfig(DatabaseSettings database, LogLevel logLevel) {
    this(database, logLevel, SchemaMap.none());
  }

  public static DatabaseConfig load(Environment env, SecretSource secrets) {
    LogLevel logLevel = LogLevel.from(env);
    Optional<DbTlsMode> tls = env.get(DbTlsMode.VARIABLE).map(DbTlsMode::parse);
    return new DatabaseConfig(DatabaseSettingsResolver.resolve(env, secrets, tls), logLevel, SchemaMap.from(env));
  }
}
