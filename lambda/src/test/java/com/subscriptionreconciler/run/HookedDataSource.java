package com.subscriptionreconciler.run;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real DataSource that runs a test's action the first time the engine prepares a matching statement: the
 * deterministic way to put a webhook write, a second run or a crash at an exact point of a run, without sleeps.
 */
final class HookedDataSource implements DataSource {
  /** What to do at the hook; may throw SQLException to make the engine's statement fail. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  private final DataSource delegate;
  private final Predicate<String> trigger;
  private final Action action;
  private final AtomicBoolean fired = new AtomicBoolean();
  private final boolean everyTime;

  HookedDataSource(DataSource delegate, Predicate<String> trigger, Action action, boolean everyTime) {
    this.delegate = delegate;
    this.trigger = trigger;
    this.action = action;
    this.everyTime = everyTime;
  }

  static HookedDataSource once(DataSource delegate, String sqlPrefix, Action action) {
    return new HookedDataSource(delegate, sql -> sql.startsWith(sqlPrefix), action, false);
  }

  static HookedDataSource always(DataSource delegate, String sqlPrefix, Action action) {
    return new HookedDataSource(delegate, sql -> sql.startsWith(sqlPrefix), action, true);
  }

  boolean fired() {
    return fired.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return wrap(delegate.getConnection(user, password));
  }

  private Connection wrap(Connection real) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                  && trigger.test(sql) && (fired.compareAndSet(false, true) || everyTime)) {
                try {
                  action.run();
                } catch (SQLException e) {
                  throw e;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
