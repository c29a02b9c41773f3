package com.subscriptionreconciler.run;

import com.subscriptionreconciler.testing.TestDatabaseExtension;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test its own {@link EngineFixture} (a fresh emulator over the class's emptied database), injected
 * into {@code @BeforeEach} and test methods, and closes it after the test.
 */
final class EngineFixtureExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EngineFixtureExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EngineFixture.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            EngineFixture.class,
            key -> new EngineFixture(TestDatabaseExtension.database(context)),
            EngineFixture.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    EngineFixture fixture = context.getStore(NAMESPACE).remove(EngineFixture.class, EngineFixture.class);
    if (fixture != null) {
      fixture.close();
    }
  }
}
