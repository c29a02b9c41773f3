package com.subscriptionreconciler.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a failed connection went, as the message names it: host and port only, never what else the URL holds. */
class ConnectionFailuresTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "jdbc:mysql://db.internal:3307/billing?sslMode=REQUIRED | db.internal:3307",
    "jdbc:mysql://db.internal/billing                       | db.internal:3306",
    "jdbc:mysql://app:s3cret-Canary@db.internal:3306/billing | db.internal:3306",
    "jdbc:mysql://db.internal?password=s3cret-Canary         | db.internal:3306",
    "jdbc:mysql://[::1]:3310/billing                        | [::1]:3310",
    "jdbc:mysql:///billing                                  | localhost:3306",
  })
  void namesHostAndPortOnly(String url, String expected) {
    assertThat(ConnectionFailures.hostAndPort(url)).isEqualTo(expected).doesNotContain("Canary");
  }
}
