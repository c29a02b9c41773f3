package com.subscriptionreconciler.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a real, empty, migrated MySQL-compatible database, injected as a {@link
 * TestDatabase} parameter (constructor, {@code @BeforeAll}, {@code @BeforeEach}, test methods).
 *
 * <pre>{@code
 * @RealDatabase
 * class MyRepositoryTest {
 *   @Test
 *   void stores(TestDatabase db) throws Exception {
 *     db.execute("INSERT INTO organizations (name) VALUES ('Acme')");
 *     assertThat(db.count("organizations")).isEqualTo(1);
 *   }
 * }
 * }</pre>
 *
 * <p>One schema per test class, shared by its test methods (call {@link TestDatabase#truncateAll()} in
 * {@code @BeforeEach} for isolation). See {@link TestDatabaseExtension} for which server is used.
 *
 * <p>Tagged {@code database}: CI runs every class so tagged a second time against Debian's MariaDB 10.11
 * ({@code -Dgroups=database} with {@code TEST_JDBC_URL}; docs/testing.md).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("database")
@ExtendWith(TestDatabaseExtension.class)
public @interface RealDatabase {
  /** False for a database left empty (no migration), e.g. to create an application's own tables first. */
  boolean migrated() default true;
}
