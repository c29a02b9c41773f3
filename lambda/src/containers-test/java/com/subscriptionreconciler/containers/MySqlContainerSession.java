package com.subscriptionreconciler.containers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * With {@code -Pcontainers}: starts one MySQL 8.4 before the first test and points the whole suite at it (the
 * test database extension reads {@code TEST_JDBC_URL}, here as a system property). The suite connects as a
 * non-root user authenticating with {@code caching_sha2_password} (MySQL 8's default) over TLS, which is what RDS
 * for MySQL 8 looks like; {@code allowPublicKeyRetrieval} is never set, because the product refuses it.
 */
public final class MySqlContainerSession implements LauncherSessionListener {
  static final String IMAGE = "mysql:8.4";
  static final String USER = "reconciler";
  static final String PASSWORD = "reconciler-test-password";

  private MySQLContainer<?> mysql;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!Boolean.getBoolean("subscriptionreconciler.containers") || System.getenv("TEST_JDBC_URL") != null) {
      // not the containers profile (a stale compiled copy in a default build), or an explicit server (e.g. RDS)
      return;
    }
    mysql = new MySQLContainer<>(DockerImageName.parse(IMAGE)).withUsername("root_unused");
    mysql.start();
    createNonRootUser();
    // REQUIRED: encrypted, without verifying the container's self-signed certificate
    String url = "jdbc:mysql://" + mysql.getHost() + ":" + mysql.getMappedPort(3306) + "/?sslMode=REQUIRED";
    System.setProperty("TEST_JDBC_URL", url);
    System.setProperty("TEST_JDBC_USER", USER);
    System.setProperty("TEST_JDBC_PASSWORD", PASSWORD);
  }

  /** Owns the test databases ({@code t_…}) and nothing else; must come over TLS. */
  private void createNonRootUser() {
    String root = "jdbc:mysql://" + mysql.getHost() + ":" + mysql.getMappedPort(3306) + "/?sslMode=REQUIRED";
    try (Connection c = DriverManager.getConnection(root, "root", mysql.getPassword());
        Statement s = c.createStatement()) {
      s.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED WITH caching_sha2_password BY '" + PASSWORD
          + "' REQUIRE SSL");
      s.execute("GRANT ALL PRIVILEGES ON `t\\_%`.* TO '" + USER + "'@'%'");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the test user on " + IMAGE, e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (mysql != null) {
      mysql.stop();
    }
  }
}
