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

/**
 * The one bridge between the plan's canonical strings and JDBC. Times travel as {@link LocalDateTime} in UTC, so
 * the result never depends on the JVM's or the session's time zone ({@code DATETIME(3)} has none).
 */
final class SqlValues {
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
    bindInstant(ps, index, value, 9);
  }

  /**
   * Binds a time cut (not rounded, as the server would) to {@code fractionalDigits}: a {@code DATETIME} without
   * fractions then holds exactly the second the product compares, never the next one.
   */
  static void bindInstant(PreparedStatement ps, int index, Instant value, int fractionalDigits) throws SQLException {
    bindTruncated(ps, index, value == null ? null : truncate(value, fractionalDigits));
  }

  static Instant truncate(Instant value, int fractionalDigits) {
    long unit = (long) Math.pow(10, 9 - Math.max(0, Math.min(9, fractionalDigits)));
    return value.minusNanos(value.getNano() % unit);
  }

  private static void bindTruncated(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP);
    } else {
      ps.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
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
