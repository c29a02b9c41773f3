package com.subscriptionreconciler.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.TimeZone;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the annotated test class with the JVM's default time zone set to {@link #value()} (and
 * {@code user.timezone} with it), restoring both afterwards. Declare it BEFORE {@link RealDatabase} or any
 * extension that opens connections: JUnit runs class-level extensions in declaration order, so the pool and
 * every connection of the class are created in that zone, which is where a time conversion through the JVM's
 * zone would show.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(JvmTimeZone.Extension.class)
public @interface JvmTimeZone {
  String value();

  final class Extension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JvmTimeZone.class);

    private record Saved(TimeZone zone, String property) {}

    @Override
    public void beforeAll(ExtensionContext context) {
      String zone = context.getRequiredTestClass().getAnnotation(JvmTimeZone.class).value();
      context.getStore(NAMESPACE).put(Saved.class, new Saved(TimeZone.getDefault(), System.getProperty("user.timezone")));
      System.setProperty("user.timezone", zone);
      TimeZone.setDefault(TimeZone.getTimeZone(zone));
    }

    @Override
    public void afterAll(ExtensionContext context) {
      Saved saved = context.getStore(NAMESPACE).remove(Saved.class, Saved.class);
      TimeZone.setDefault(saved.zone());
      if (saved.property() == null) {
        System.clearProperty("user.timezone");
      } else {
        System.setProperty("user.timezone", saved.property());
      }
    }
  }
}
