package com.subscriptionreconciler.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Keeps the fraction of every time the product writes on MariaDB 10.x.
 *
 * <p>mysql-connector-j sends a bound time's fractional seconds only to servers it takes for MySQL 5.6.4 or later,
 * and reads that from the version in the server's greeting. MariaDB before 11.0 greets with {@code
 * 5.5.5-10.11.6-MariaDB} (a prefix kept for old replication clients), so the driver cut every {@code Instant},
 * {@code LocalDateTime} and {@code Timestamp} parameter to whole seconds: {@code archived_at} stored {@code .000}
 * while the audit trail kept the milliseconds, and rollback refused the run's own rows. Connector/J has no option to
 * look past the prefix ({@code sendFractionalSeconds} can only turn sending off), so on a connection whose server
 * announces {@code 5.5.5-}, time parameters are sent as text ({@code 2026-01-01 00:00:39.024000}), which the server
 * reads as the same {@code DATETIME} literal the driver would have sent. Any other server gets the driver's own
 * connection, untouched.
 *
 * <p>Times are written in UTC, as the pool's {@code connectionTimeZone=UTC} makes the driver do: a {@code
 * LocalDateTime} as it is, an instant-like value ({@code Instant}, {@code Timestamp}, {@code OffsetDateTime},
 * {@code ZonedDateTime}) at UTC.
 */
final class FractionalSecondsDataSource extends ForwardingDataSource {
  /** What MariaDB 10.x (and 5.5) put before their own version in the greeting. */
  static final String REPLICATION_PREFIX = "5.5.5-";

  private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

  FractionalSecondsDataSource(DataSource delegate) {
    super(delegate);
  }

  @Override
  protected Connection wrap(Connection real) throws SQLException {
    return keepingFractions(real);
  }

  /** The connection itself, unless its server announces the prefix: then one that sends times as text. */
  static Connection keepingFractions(Connection connection) throws SQLException {
    String version = connection.getMetaData().getDatabaseProductVersion();
    if (version == null || !version.startsWith(REPLICATION_PREFIX)) {
      return connection;
    }
    return proxy(Connection.class, connection, new ConnectionHandler(connection));
  }

  /** A time parameter's text, or empty when the value is not a time. */
  static Optional<String> text(Object value) {
    if (value instanceof LocalDateTime t) {
      return Optional.of(DATETIME.format(t));
    }
    if (value instanceof LocalTime t) {
      return Optional.of(TIME.format(t));
    }
    Instant instant = null;
    if (value instanceof Instant i) {
      instant = i;
    } else if (value instanceof Timestamp t) {
      instant = t.toInstant();
    } else if (value instanceof OffsetDateTime t) {
      instant = t.toInstant();
    } else if (value instanceof ZonedDateTime t) {
      instant = t.toInstant();
    }
    return Optional.ofNullable(instant).map(i -> DATETIME.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)));
  }

  private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(FractionalSecondsDataSource.class.getClassLoader(),
        new Class<?>[] {type}, handler));
  }

  private static Object call(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Passes everything through; statements it prepares come back wrapped. */
  private record ConnectionHandler(Connection target) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object result = call(method, target, args);
      if (result instanceof CallableStatement statement) {
        return proxy(CallableStatement.class, statement, new StatementHandler(statement));
      }
      if (result instanceof PreparedStatement statement) {
        return proxy(PreparedStatement.class, statement, new StatementHandler(statement));
      }
      return result;
    }
  }

  /** {@code setObject}, {@code setTimestamp} and {@code setTime} with a time value become {@code setString}. */
  private record StatementHandler(PreparedStatement target) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (args != null && args.length >= 2 && args[0] instanceof Integer index
          && (name.equals("setObject") || name.equals("setTimestamp") || name.equals("setTime"))) {
        Optional<String> text = text(args[1]);
        if (text.isPresent()) {
          target.setString(index, text.get());
          return null;
        }
      }
      return call(method, target, args);
    }
  }
}
