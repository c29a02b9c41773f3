package com.subscriptionreconciler.store;

import com.subscriptionreconciler.plan.Field;
import com.subscriptionreconciler.schema.ColumnType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one bridge between the plan's canonical strings and JDBC.
 *
 * <p>Times are written as UTC text ({@code 2026-01-01 00:00:39.024}), which the server reads as a {@code DATETIME}
 * literal: the result depends on neither the JVM's nor the session's time zone ({@code DATETIME(3)} has none), and
 * the driver cannot drop the fraction. Bound as a {@code LocalDateTime} (or {@code Instant}, {@code Timestamp}),
 * mysql-connector-j sends fractional seconds only to servers it believes are MySQL 5.6.4 or later, and MariaDB
 * 10.x announces itself as {@code 5.5.5-10.x.y-MariaDB}: every time the product wrote landed as {@code .000} while
 * the audit trail kept the milliseconds, and rollback then refused its own runs. Connector/J has no option to
 * read the version behind that prefix ({@code sendFractionalSeconds} only turns sending off), so the value goes
 * as text, which no server or driver version truncates.
 */
final class SqlValues {
  /** The most fractional digits a MySQL or MariaDB time column keeps (and a literal may carry). */
  private static final int MAX_DIGITS = 6;

  private static final DateTimeFormatter DATETIME_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private SqlValues() {}

  static void bind(PreparedStatement ps, int index, Field field, String canonical) throws SQLException {
    bind(ps, index, field, canonical, ColumnType.unknown());
  }

  /** Binds a value for a column of the given type: a time is cut to the fractional digits the column keeps. */
  static void bind(PreparedStatement ps, int index, Field field, String canonical, ColumnType column)
      throws SQLException {
    Object value = field.type().decode(canonical);
    switch (field.type()) {
      case INSTANT -> bindInstant(ps, index, (Instant) value, column.precision());
      case INTEGER -> {
        if (value == null) {
          ps.setNull(index, Types.BIGINT);
        } else {
          ps.setLong(index, (Long) value);
        }
      }
      case BOOLEAN -> {
        if (value == null) {
          ps.setNull(index, Types.BOOLEAN);
        } else {
          ps.setBoolean(index, (Boolean) value);
        }
      }
      case TEXT, JSON -> ps.setString(index, (String) value);
    }
  }

  static void bindInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    bindInstant(ps, index, value, MAX_DIGITS);
  }

  /**
   * Binds a time cut (not rounded, as the server would) to {@code fractionalDigits}: a {@code DATETIME} without
   * fractions then holds exactly the second the product compares, never the next one.
   */
  static void bindInstant(PreparedStatement ps, int index, Instant value, int fractionalDigits) throws SQLException {
    bindTruncated(ps, index, value == null ? null : truncate(value, fractionalDigits));
  }

  static Instant truncate(Instant value, int fractionalDigits) {
    long unit = (long) Math.pow(10, 9 - Math.max(0, Math.min(MAX_DIGITS, fractionalDigits)));
    return value.minusNanos(value.getNano() % unit);
  }

  private static void bindTruncated(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP);
    } else {
      ps.setString(index, DATETIME_TEXT.format(LocalDateTime.ofInstant(value, ZoneOffset.UTC)));
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return utc(rs.getObject(column, LocalDateTime.class));
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    return utc(rs.getObject(column, LocalDateTime.class));
  }

  private static Instant utc(LocalDateTime value) {
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
