package com.subscriptionreconciler.testing;

import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.db.EmbeddedMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The MySQL-compatible server the tests of one JVM share: the embedded MariaDB, or the server named by
 * {@code TEST_JDBC_URL} (+ {@code TEST_JDBC_USER}, {@code TEST_JDBC_PASSWORD}), e.g. a MySQL 8 container.
 */
abstract class TestServer implements AutoCloseable {

  static final String URL_VARIABLE = "TEST_JDBC_URL";

  static TestServer fromEnvironment() {
    String url = setting(URL_VARIABLE, null);
    if (url != null && !url.isBlank()) {
      String user = setting("TEST_JDBC_USER", "root");
      String password = setting("TEST_JDBC_PASSWORD", "");
      return new External(url.trim(), user, Secret.of(password));
    }
    return new Embedded(EmbeddedMariaDb.start());
  }

  /**
   * An environment variable, else the system property of the same name: the -Pcontainers profile starts its MySQL
   * container inside the test JVM and can only hand it over as a property.
   */
  private static String setting(String name, String otherwise) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      value = System.getProperty(name);
    }
    return value == null || value.isBlank() ? otherwise : value;
  }

  abstract String kind();

  abstract String jdbcUrl(String schema);

  abstract String user();

  abstract Secret password();

  abstract void createDatabase(String schema);

  abstract void dropDatabase(String schema);

  @Override
  public abstract void close();

  static final class Embedded extends TestServer {
    private final EmbeddedMariaDb server;

    Embedded(EmbeddedMariaDb server) {
      this.server = server;
    }

    @Override
    String kind() {
      return "embedded MariaDB (port " + server.port() + ", started in " + server.startupTime().toMillis() + " ms)";
    }

    @Override
    String jdbcUrl(String schema) {
      return server.jdbcUrl(schema);
    }

    @Override
    String user() {
      return server.user();
    }

    @Override
    Secret password() {
      return server.password();
    }

    @Override
    void createDatabase(String schema) {
      server.createDatabase(schema);
    }

    @Override
    void dropDatabase(String schema) {
      server.dropDatabase(schema);
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** A server we do not own: we only create and drop our own databases on it. */
  static final class External extends TestServer {
    private final String prefix; // jdbc:mysql://host:port
    private final String query; // "" or "?a=b"
    private final String user;
    private final Secret password;

    External(String url, String user, Secret password) {
      if (!url.startsWith("jdbc:mysql://")) {
        throw new IllegalArgumentException(URL_VARIABLE + " must be a jdbc:mysql:// URL");
      }
      int q = url.indexOf('?');
      String base = q < 0 ? url : url.substring(0, q);
      this.query = q < 0 ? "" : url.substring(q);
      int slash = base.indexOf('/', "jdbc:mysql://".length());
      this.prefix = slash < 0 ? base : base.substring(0, slash);
      this.user = user;
      this.password = password;
    }

    @Override
    String kind() {
      return URL_VARIABLE + " (" + prefix + ")";
    }

    @Override
    String jdbcUrl(String schema) {
      return prefix + "/" + schema + query;
    }

    @Override
    String user() {
      return user;
    }

    @Override
    Secret password() {
      return password;
    }

    @Override
    void createDatabase(String schema) {
      execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    @Override
    void dropDatabase(String schema) {
      execute("DROP DATABASE IF EXISTS `" + schema + "`");
    }

    private void execute(String sql) {
      try (Connection connection = DriverManager.getConnection(prefix + "/" + query, user, password.reveal());
          Statement statement = connection.createStatement()) {
        statement.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(kind() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      // not ours to stop
    }
  }
}
