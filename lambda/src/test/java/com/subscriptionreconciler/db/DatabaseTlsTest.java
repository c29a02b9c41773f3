package com.subscriptionreconciler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.DbTlsMode;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.testing.TestCertificates;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function's database TLS against a real MariaDB serving a certificate from a CA made in the test: with
 * that CA in {@code DB_SSL_CA} the connection is encrypted and the server's identity verified; with another CA
 * it fails with a message naming {@code DB_SSL_CA}; a host name the certificate does not carry fails naming
 * {@code VERIFY_IDENTITY}.
 */
class DatabaseTlsTest {
  @TempDir static Path dir;
  static TestCertificates serverCa;
  static TestCertificates otherCa;
  static EmbeddedMariaDb server;

  @BeforeAll
  static void startServerWithTls() {
    serverCa = TestCertificates.generate(dir, "server");
    otherCa = TestCertificates.generate(dir, "other");
    server = EmbeddedMariaDb.start(serverCa.serverArguments());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static DatabaseSettings settings(String host, DbTlsMode mode, Path ca) {
    String url = "jdbc:mysql://" + host + ":" + server.port() + "/mysql?sslMode=" + mode.driverValue();
    return new DatabaseSettings(url, server.user(), Secret.of(""), Optional.of(ca), Optional.empty());
  }

  @Test
  void theRightCaConnectsEncryptedWithTheServersIdentityVerified() throws SQLException {
    try (HikariDataSource pool = DataSourceFactory.create(
            settings("127.0.0.1", DbTlsMode.VERIFY_IDENTITY, serverCa.caPem()));
        Connection connection = pool.getConnection()) {
      assertThat(sslCipher(connection)).as("session cipher").isNotEmpty();
    }
  }

  @Test
  void anotherCaIsRefusedWithAMessageNamingTheSetting() {
    DatabaseSettings wrongCa = settings("127.0.0.1", DbTlsMode.VERIFY_IDENTITY, otherCa.caPem());

    assertThatThrownBy(() -> DataSourceFactory.create(wrongCa).close())
        .isInstanceOf(DatabaseTlsException.class)
        .hasMessageContaining("not signed by a CA in DB_SSL_CA (" + otherCa.caPem() + ")");
  }

  @Test
  void aHostTheCertificateDoesNotNameIsRefusedUnderVerifyIdentity() {
    // the certificate names the address 127.0.0.1 only; "localhost" reaches the same server but is not named
    DatabaseSettings unnamed = settings("localhost", DbTlsMode.VERIFY_IDENTITY, serverCa.caPem());

    assertThatThrownBy(() -> DataSourceFactory.create(unnamed).close())
        .isInstanceOf(DatabaseTlsException.class)
        .hasMessageContaining("VERIFY_IDENTITY");
  }

  @Test
  void verifyCaAcceptsThatHostBecauseItChecksOnlyTheSignature() throws SQLException {
    try (HikariDataSource pool = DataSourceFactory.create(
            settings("localhost", DbTlsMode.VERIFY_CA, serverCa.caPem()));
        Connection connection = pool.getConnection()) {
      assertThat(sslCipher(connection)).isNotEmpty();
    }
  }

  private static String sslCipher(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
      return rs.next() ? rs.getString(2) : "";
    }
  }
}
