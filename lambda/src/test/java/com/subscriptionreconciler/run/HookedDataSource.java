package com.subscriptionreconciler.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import com.subscriptionreconciler.db.ForwardingDataSource;
import javax.sql.DataSource;

/**
 * A real DataSource that runs a test's action the first time the engine prepares a matching statement: the
 * deterministic way to put a webhook write, a second run or a crash at an exact point of a run, without sleeps.
 */
final class HookedDataSource extends ForwardingDataSource {
  /** What to do at the hook; may throw SQLException to make the engine's statement fail. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  private final Predicate<String> trigger;
  private final Action action;
  private final AtomicBoolean fired = new AtomicBoolean();
  private final boolean everyTime;

  HookedDataSource(DataSource delegate, Predicate<String> trigger, Action action, boolean everyTime) {
    super(delegate);
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
  protected Connection wrap(Connection real) {
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
}
