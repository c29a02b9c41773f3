package com.subscriptionreconciler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.DbTlsMode;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@RealDatabase
class DataSourceFactoryTest {

  private static final String PASSWORD = "pw-that-must-never-appear-7f3a";

  @ParameterizedTest
  @EnumSource(DbTlsMode.class)
  void sslOptionMapsToTheDriversSslModeProperty(DbTlsMode mode) {
    Properties properties =
        DataSourceFactory.driverProperties(
            "jdbc:mysql://db:3306/app", PoolOptions.lambdaDefaults().withSslMode(mode));
    assertThat(properties.getProperty("sslMode")).isEqualTo(mode.name());
  }

  @Test
  void lambdaDefaultsAreSmallFastAndUtc() {
    HikariConfig config =
        DataSourceFactory.hikariConfig(
            new DatabaseSettings("jdbc:mysql://db:3306/app", "app", Secret.of(PASSWORD)),
            PoolOptions.lambdaDefaults());
    assertThat(config.getMaximumPoolSize()).isEqualTo(2);
    assertThat(config.getMinimumIdle()).isZero();
    assertThat(config.getConnectionTimeout()).isEqualTo(5_000);
    Properties p = DataSourceFactory.driverProperties("jdbc:mysql://db:3306/app", PoolOptions.lambdaDefaults());
    assertThat(p.getProperty("sslMode")).isEqualTo("PREFERRED");
    assertThat(p.getProperty("connectionTimeZone")).isEqualTo("UTC");
    assertThat(p.getProperty("forceConnectionTimeZoneToSession")).isEqualTo("true");
    assertThat(p.getProperty("rewriteBatchedStatements")).isEqualTo("true");
    assertThat(p.getProperty("cachePrepStmts")).isEqualTo("true");
    assertThat(p.getProperty("useServerPrepStmts")).isEqualTo("false");
    assertThat(p.getProperty("connectTimeout")).isEqualTo("5000");
    assertThat(p.values()).doesNotContain(PASSWORD);
  }

  @Test
  void propertiesGivenInTheUrlWin() {
    Properties properties =
        DataSourceFactory.driverProperties(
            "jdbc:mysql://db:3306/app?sslMode=VERIFY_IDENTITY&rewriteBatchedStatements=false",
            PoolOptions.lambdaDefaults().withSslMode(DbTlsMode.DISABLED));
    assertThat(properties).doesNotContainKey("sslMode").doesNotContainKey("rewriteBatchedStatements");
    assertThat(properties.getProperty("connectionTimeZone")).isEqualTo("UTC");
  }

  @Test
  void rejectsANonMysqlUrlWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                DataSourceFactory.hikariConfig(
                    new DatabaseSettings(
                        "jdbc:postgresql://db/app?password=" + PASSWORD, "app", Secret.of(PASSWORD)),
                    PoolOptions.lambdaDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void everySessionRunsInUtc(TestDatabase db) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT @@session.time_zone, TIMESTAMPDIFF(SECOND, NOW(), UTC_TIMESTAMP())")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("+00:00");
      assertThat(rs.getLong(2)).isZero();
    }
  }

  @Test
  void poolReusesItsConnections(TestDatabase db) throws SQLException {
    try (HikariDataSource pool = DataSourceFactory.create(db.settings())) {
      Set<Long> ids = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        try (Connection connection = pool.getConnection()) {
          ids.add(connectionId(connection));
        }
      }
      assertThat(ids).hasSize(1);
      assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
    }
  }

  @Test
  void poolNeverOpensMoreThanItsMaximum(TestDatabase db) throws SQLException {
    PoolOptions options =
        new PoolOptions("tiny", 2, 0, Duration.ofMillis(250), Duration.ofSeconds(30), DbTlsMode.PREFERRED);
    try (HikariDataSource pool = DataSourceFactory.create(db.settings(), options)) {
      List<Connection> held = new ArrayList<>();
      try {
        held.add(pool.getConnection());
        held.add(pool.getConnection());
        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class);
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(2);
      } finally {
        for (Connection connection : held) {
          connection.close();
        }
      }
    }
  }

  @Test
  void sslDisabledReallyConnectsInClearText(TestDatabase db) throws SQLException {
    try (HikariDataSource pool =
            DataSourceFactory.create(db.settings(), PoolOptions.lambdaDefaults().withSslMode(DbTlsMode.DISABLED));
        Connection connection = pool.getConnection()) {
      assertThat(sslCipher(connection)).isEmpty();
    }
  }

  @Test
  void sslRequiredIsEnforcedByTheDriver(TestDatabase db) throws SQLException {
    // whether the server offers TLS: a PREFERRED connection is encrypted exactly then. (have_ssl, the old way to
    // ask, is gone from MySQL 8.4; the session's Ssl_cipher works on MySQL and MariaDB alike.)
    boolean serverHasTls;
    try (HikariDataSource preferred = DataSourceFactory.create(db.settings(),
            PoolOptions.lambdaDefaults().withSslMode(DbTlsMode.PREFERRED));
        Connection connection = preferred.getConnection()) {
      serverHasTls = !sslCipher(connection).isEmpty();
    }
    PoolOptions required = PoolOptions.lambdaDefaults().withSslMode(DbTlsMode.REQUIRED);
    DatabaseSettings settings = new DatabaseSettings(db.jdbcUrl(), db.user(), db.password());
    if (serverHasTls) {
      try (HikariDataSource pool = DataSourceFactory.create(settings, required);
          Connection connection = pool.getConnection()) {
        assertThat(sslCipher(connection)).isNotEmpty();
      }
    } else {
      // the embedded MariaDB runs without TLS: REQUIRED must refuse to connect rather than fall back
      assertThatThrownBy(() -> DataSourceFactory.create(settings, required).close())
          .hasStackTraceContaining("SSL");
    }
  }

  @Test
  void aFailedConnectionNeverShowsThePassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    DatabaseSettings settings =
        new DatabaseSettings("jdbc:mysql://127.0.0.1:" + closedPort + "/app", "app", Secret.of(PASSWORD));
    PoolOptions fast =
        new PoolOptions("fail", 1, 0, Duration.ofMillis(500), Duration.ofSeconds(5), DbTlsMode.DISABLED);

    Throwable failure = null;
    try {
      DataSourceFactory.create(settings, fast).close();
    } catch (RuntimeException e) {
      failure = e;
    }

    assertThat(failure).isNotNull();
    assertThat(settings.toString()).doesNotContain(PASSWORD);
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
      assertThat(t.toString()).doesNotContain(PASSWORD);
    }
  }

  private static long connectionId(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String sslCipher(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
      return rs.next() ? rs.getString(2) : "";
    }
  }
}
