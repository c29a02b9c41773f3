package com.subscriptionreconciler.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The text a time parameter becomes on a server that greets as {@code 5.5.5-} (MariaDB 10.x), and the connection
 * left untouched on any other. CI's second pass on MariaDB 10.11 runs the whole suite through the wrapped path.
 */
@RealDatabase
class FractionalSecondsDataSourceTest {

  @Test
  void timesBecomeUtcTextWithTheirFraction() {
    assertThat(FractionalSecondsDataSource.text(LocalDateTime.of(2026, 1, 1, 0, 0, 39, 24_000_000)))
        .contains("2026-01-01 00:00:39.024000");
    assertThat(FractionalSecondsDataSource.text(Instant.parse("2026-01-01T00:00:39.024Z")))
        .contains("2026-01-01 00:00:39.024000");
    assertThat(FractionalSecondsDataSource.text(Timestamp.from(Instant.parse("2026-01-01T00:00:39.5Z"))))
        .contains("2026-01-01 00:00:39.500000");
    assertThat(FractionalSecondsDataSource.text(
        OffsetDateTime.of(2026, 1, 1, 5, 30, 39, 24_000_000, ZoneOffset.ofHoursMinutes(5, 30))))
        .contains("2026-01-01 00:00:39.024000");
    assertThat(FractionalSecondsDataSource.text(LocalTime.of(12, 0, 1, 123_456_000))).contains("12:00:01.123456");
    assertThat(FractionalSecondsDataSource.text("2026-01-01")).isEqualTo(Optional.empty());
    assertThat(FractionalSecondsDataSource.text(42L)).isEqualTo(Optional.empty());
  }

  @Test
  void onlyAServerThatGreetsWithThePrefixGetsTheWrapper(TestDatabase db) throws Exception {
    try (Connection pooled = db.dataSource().getConnection()) {
      Connection driver = pooled.unwrap(Connection.class);
      boolean prefixed = driver.getMetaData().getDatabaseProductVersion()
          .startsWith(FractionalSecondsDataSource.REPLICATION_PREFIX);

      Connection wrapped = FractionalSecondsDataSource.keepingFractions(driver);

      assertThat(wrapped == driver).as("wrapped only on a 5.5.5- server").isEqualTo(!prefixed);
      db.execute("CREATE TABLE IF NOT EXISTS fraction_probe (id INT PRIMARY KEY, at DATETIME(3))");
      try (var insert = wrapped.prepareStatement("REPLACE INTO fraction_probe VALUES (1, ?)")) {
        insert.setObject(1, LocalDateTime.of(2026, 1, 1, 0, 0, 39, 24_000_000));
        insert.executeUpdate();
      }
      assertThat(db.queryValue("SELECT CAST(at AS CHAR) FROM fraction_probe WHERE id = 1"))
          .isEqualTo("2026-01-01 00:00:39.024");
    }
  }
}
