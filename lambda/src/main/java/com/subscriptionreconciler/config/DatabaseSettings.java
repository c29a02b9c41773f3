package com.subscriptionreconciler.config;

import java.util.Objects;

/** A resolved database connection: {@code JDBC_URL} or one built from {@code DB_HOST}/{@code DB_PORT}/{@code DB_NAME}. */
public record DatabaseSettings(String jdbcUrl, String user, Secret password) {
  public DatabaseSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
  }
}
