package com.subscriptionreconciler.db;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Builds the HikariCP pool the reconciler uses, for MySQL (RDS) and for the embedded MariaDB alike: both are
 * reached through mysql-connector-j with a {@code jdbc:mysql://} URL.
 *
 * <p>Create it lazily on first use and keep it for the life of the Lambda container (docs/reference.md, Deploying);
 * nothing here runs from a static initializer. The password goes to the pool as a credential only: it is never
 * logged and never part of an exception message thrown from here.
 */
public final class DataSourceFactory {
  private static final String DRIVER = "com.mysql.cj.jdbc.Driver";

  private DataSourceFactory() {}

  public static HikariDataSource create(DatabaseSettings settings) {
    return create(settings, PoolOptions.lambdaDefaults());
  }

  public static HikariDataSource create(DatabaseSettings settings, PoolOptions options) {
    HikariConfig config = hikariConfig(settings, options);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw ConnectionFailures.explain(TlsFailures.explain(e, settings), settings);
    }
  }

  /** The pool configuration, exposed so it can be inspected without opening a connection. */
  public static HikariConfig hikariConfig(DatabaseSettings settings, PoolOptions options) {
    String url = settings.jdbcUrl();
    if (!url.startsWith("jdbc:mysql://")) {
      // the URL may carry credentials in its query string: name only the scheme
      int colon = url.indexOf(':', "jdbc:".length());
      String scheme = colon > 0 ? url.substring(0, colon) : "?";
      throw new IllegalArgumentException(
          "expected a jdbc:mysql:// URL (mysql-connector-j), got scheme " + scheme);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName(options.poolName());
    Properties properties = driverProperties(url, options);
    // a CA bundle means the certificate is checked against it, and only it
    settings.caBundle().ifPresent(pem -> properties.putAll(CaTrustStore.driverProperties(pem)));
    DataSource connections = settings.reread().isPresent()
        // credentials from the secret: a refused login reads it again once (password rotation)
        ? new RefreshingCredentialsDataSource(settings, properties)
        : new DriverDataSource(url, DRIVER, properties, settings.user(),
            settings.password() == null ? null : settings.password().reveal());
    // MariaDB 10.x's "5.5.5-" greeting would make the driver drop every time's fraction
    config.setDataSource(new FractionalSecondsDataSource(connections));
    config.setMaximumPoolSize(options.maximumPoolSize());
    config.setMinimumIdle(options.minimumIdle());
    config.setConnectionTimeout(options.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(options.connectionTimeout().toMillis(), 3_000));
    // a weekly job: connections need not outlive a run by much; stay below RDS/MySQL wait_timeout
    config.setIdleTimeout(60_000);
    config.setMaxLifetime(15 * 60_000);
    config.setAutoCommit(true);
    // fail at pool creation (first use) rather than at the first query, with the driver's own message
    config.setInitializationFailTimeout(1);
    return config;
  }

  /**
   * mysql-connector-j properties for the pool. A property already given in the JDBC URL's query string wins,
   * so an operator can override any of these through {@code JDBC_URL}.
   */
  public static Properties driverProperties(String jdbcUrl, PoolOptions options) {
    Map<String, String> wanted = new LinkedHashMap<>();
    wanted.put("sslMode", options.sslMode().driverValue());
    // UTC everywhere: DATETIME(3) values are UTC, and CURRENT_TIMESTAMP(3) defaults must be UTC too.
    // Connector/J sends SET time_zone='+00:00' (an offset, so no time zone tables are needed on the server).
    wanted.put("connectionTimeZone", "UTC");
    wanted.put("forceConnectionTimeZoneToSession", "true");
    wanted.put("preserveInstants", "true");
    // batched audit rows and updates become multi-row statements: one round trip per batch
    wanted.put("rewriteBatchedStatements", "true");
    // client-side prepared statements with a parse cache: no extra PREPARE round trip per statement
    // on a short-lived container, and batch rewriting works on them
    wanted.put("useServerPrepStmts", "false");
    wanted.put("cachePrepStmts", "true");
    wanted.put("prepStmtCacheSize", "250");
    wanted.put("prepStmtCacheSqlLimit", "2048");
    wanted.put("useLocalSessionState", "true");
    wanted.put("cacheServerConfiguration", "true");
    wanted.put("elideSetAutoCommits", "true");
    wanted.put("characterEncoding", "UTF-8");
    wanted.put("tcpKeepAlive", "true");
    wanted.put("connectTimeout", Long.toString(options.connectionTimeout().toMillis()));
    wanted.put("socketTimeout", Long.toString(options.socketTimeout().toMillis()));

    String query = queryOf(jdbcUrl).toLowerCase(Locale.ROOT);
    Properties properties = new Properties();
    wanted.forEach(
        (key, value) -> {
          if (!query.contains(key.toLowerCase(Locale.ROOT) + "=")) {
            properties.setProperty(key, value);
          }
        });
    return properties;
  }

  private static String queryOf(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? "" : jdbcUrl.substring(q + 1);
  }
}
