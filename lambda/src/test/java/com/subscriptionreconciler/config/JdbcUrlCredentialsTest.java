package com.subscriptionreconciler.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlCredentialsTest {

  @Test
  void passwordPropertiesAndUserInfoAreMasked() {
    assertThat(JdbcUrlCredentials.redact(
        "jdbc:mysql://db:3306/app?user=app&password=hunter2-fake&sslMode=REQUIRED"))
        .isEqualTo("jdbc:mysql://db:3306/app?user=app&password=****&sslMode=REQUIRED");
    assertThat(JdbcUrlCredentials.redact("jdbc:mysql://app:hunter2-fake@db:3306/app"))
        .isEqualTo("jdbc:mysql://app:****@db:3306/app");
    assertThat(JdbcUrlCredentials.redact(
        "jdbc:mysql://address=(host=db)(port=3306)(password=hunter2-fake)/app?trustCertificateKeyStorePassword=ks-fake"))
        .isEqualTo("jdbc:mysql://address=(host=db)(port=3306)(password=****)/app?trustCertificateKeyStorePassword=****");
    assertThat(JdbcUrlCredentials.redact("failed to parse the connection string near ';Password=hunter2-fake'."))
        .isEqualTo("failed to parse the connection string near ';Password=****'.");
  }

  @Test
  void textWithoutCredentialsIsUnchanged() {
    String message = "Communications link failure to jdbc:mysql://db.example.com:3306/app?sslMode=REQUIRED (user app)";
    assertThat(JdbcUrlCredentials.redact(message)).isEqualTo(message);
    assertThat(JdbcUrlCredentials.redact(null)).isNull();
  }
}
