package com.subscriptionreconciler.run;

import com.subscriptionreconciler.testing.RealDatabase;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An end-to-end engine test: a real database ({@link RealDatabase}) and, per test, an {@link EngineFixture}
 * (Stripe emulator over HTTP, the real stripe-java client) injected as a parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RealDatabase
@ExtendWith(EngineFixtureExtension.class)
public @interface EngineTest {}
