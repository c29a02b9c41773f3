package com.subscriptionreconciler.db;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.Secret;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The pool's connection source when the credentials come from {@code DB_SECRET_ID}: a login the server refuses
 * (SQLSTATE 28000, access denied) makes it read the secret again, once, and retry with what it holds now. A
 * rotation of the database password between cold start and a later connection (the pool opens connections on
 * demand) therefore costs one extra secret read instead of a failed run. A refusal of the credentials just read
 * is the server's answer and is thrown as it is; the secret is not read again until a login has succeeded (the
 * pool retries failed connections for its whole connection timeout, and each retry must not read the secret).
 * The password is held as a {@link Secret} and never logged.
 */
final class RefreshingCredentialsDataSource implements DataSource {
  /** SQLSTATE for "access denied" (MySQL error 1045), as mysql-connector-j reports it. */
  static final String ACCESS_DENIED = "28000";

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(RefreshingCredentialsDataSource.class);

  private final Driver driver;
  private final String url;
  private final Properties driverProperties;
  private final Supplier<DatabaseSettings> reread;
  private volatile Credentials credentials;
  /** True once the secret was read again and no login has succeeded since: do not read it again. */
  private volatile boolean rereadUnconfirmed;

  private record Credentials(String user, Secret password) {}

  RefreshingCredentialsDataSource(DatabaseSettings settings, Properties driverProperties) {
    try {
      this.driver = new com.mysql.cj.jdbc.Driver();
    } catch (SQLException e) {
      throw new IllegalStateException("mysql-connector-j is not usable: " + e.getMessage(), e);
    }
    this.url = settings.jdbcUrl();
    this.driverProperties = driverProperties;
    this.reread = settings.reread().orElseThrow();
    this.credentials = new Credentials(settings.user(), settings.password());
  }

  @Override
  public Connection getConnection() throws SQLException {
    Credentials used = credentials;
    try {
      Connection connection = connect(used);
      rereadUnconfirmed = false;
      return connection;
    } catch (SQLException refused) {
      if (!ACCESS_DENIED.equals(refused.getSQLState()) || rereadUnconfirmed) {
        throw refused;
      }
      rereadUnconfirmed = true;
      LOG.warn("The database refused the login; reading the credentials secret (DB_SECRET_ID) again and retrying"
          + " once, as after a password rotation");
      DatabaseSettings fresh = reread.get();
      Credentials current = new Credentials(fresh.user(), fresh.password());
      credentials = current;
      Connection connection = connect(current);
      rereadUnconfirmed = false;
      return connection;
    }
  }

  private Connection connect(Credentials with) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(driverProperties);
    if (with.user() != null) {
      properties.setProperty("user", with.user());
    }
    if (with.password() != null) {
      properties.setProperty("password", with.password().reveal());
    }
    Connection connection = driver.connect(url, properties);
    if (connection == null) {
      throw new SQLException("mysql-connector-j does not accept this JDBC URL's scheme");
    }
    return connection;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials come from DB_SECRET_ID");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // no driver-level log writer: the reconciler logs through SLF4J
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // connectTimeout in the driver properties bounds a login
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
