package com.subscriptionreconciler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.config.DatabaseConfig;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.secrets.CachingSecretSource;
import com.subscriptionreconciler.secrets.SecretsManagerClientFactory;
import com.subscriptionreconciler.secrets.SecretsManagerSecretSource;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rotated database password does not fail a run: the function caches its secrets per cold start, so when the
 * server refuses a login the pool reads {@code DB_SECRET_ID} again, once, and retries. Against a MariaDB that
 * checks passwords (its grant tables switched on) and the fake Secrets Manager spoken to by the real AWS SDK.
 */
class CredentialRotationTest {
  private static EmbeddedMariaDb server;
  /** An administrator session opened before the grant tables were switched on; it keeps its privileges. */
  private static Connection admin;

  private FakeSecretsManager secretsManager;

  @BeforeAll
  static void startServerThatChecksPasswords() throws SQLException {
    server = EmbeddedMariaDb.start();
    server.createDatabase("billing");
    admin = DriverManager.getConnection(server.serverJdbcUrl() + "?sslMode=DISABLED", server.user(), "");
    sql("FLUSH PRIVILEGES"); // the server was started with --skip-grant-tables: this turns checking on
    for (String host : new String[] {"%", "localhost", "127.0.0.1"}) {
      sql("CREATE USER 'app'@'" + host + "' IDENTIFIED BY 'first-password'");
      sql("GRANT ALL ON billing.* TO 'app'@'" + host + "'");
    }
  }

  @AfterAll
  static void stop() throws SQLException {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void secrets() throws SQLException {
    setPassword("first-password");
    secretsManager = FakeSecretsManager.start();
    secretsManager.put("prod/db", rdsSecret("first-password"));
  }

  @AfterEach
  void closeSecrets() {
    secretsManager.close();
  }

  @Test
  void aPasswordRotatedAfterColdStartIsReadAgainOnceAndTheConnectionSucceeds() throws SQLException {
    try (HikariDataSource pool = DataSourceFactory.create(load().database())) {
      assertThat(currentUser(pool)).startsWith("app@");
      int readsAtStart = secretsManager.calls();

      // the rotation: the server and the secret change together, the function's cache still holds the old one
      setPassword("second-password");
      secretsManager.put("prod/db", rdsSecret("second-password"));
      pool.getHikariPoolMXBean().softEvictConnections();

      assertThat(currentUser(pool)).startsWith("app@");
      assertThat(secretsManager.calls() - readsAtStart).as("secret reads after the refusal").isEqualTo(1);
    }
  }

  @Test
  void aPasswordTheSecretDoesNotHoldEitherFailsAfterOneReread() throws SQLException {
    try (HikariDataSource pool = DataSourceFactory.create(load().database())) {
      int readsAtStart = secretsManager.calls();
      setPassword("changed-elsewhere");
      pool.getHikariPoolMXBean().softEvictConnections();

      assertThatThrownBy(() -> currentUser(pool)).isInstanceOf(SQLException.class)
          .hasMessageNotContaining("first-password");
      assertThat(secretsManager.calls() - readsAtStart).isEqualTo(1);
    }
  }

  private DatabaseConfig load() {
    Map<String, String> env = new HashMap<>(secretsManager.clientEnvironment());
    env.put("DB_SECRET_ID", "prod/db");
    Environment environment = Environment.of(env);
    return DatabaseConfig.load(environment, new CachingSecretSource(
        new SecretsManagerSecretSource(() -> SecretsManagerClientFactory.create(environment))));
  }

  private static String rdsSecret(String password) {
    return "{\"engine\":\"mysql\",\"host\":\"127.0.0.1\",\"port\":" + server.port()
        + ",\"username\":\"app\",\"password\":\"" + password + "\",\"dbname\":\"billing\"}";
  }

  private static String currentUser(HikariDataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT CURRENT_USER()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void setPassword(String password) throws SQLException {
    for (String host : new String[] {"%", "localhost", "127.0.0.1"}) {
      sql("ALTER USER 'app'@'" + host + "' IDENTIFIED BY '" + password + "'");
    }
  }

  private static void sql(String statement) throws SQLException {
    try (Statement s = admin.createStatement()) {
      s.execute(statement);
    }
  }
}
