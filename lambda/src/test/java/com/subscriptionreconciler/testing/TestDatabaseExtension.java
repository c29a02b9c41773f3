package com.subscriptionreconciler.testing;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.PoolOptions;
import com.subscriptionreconciler.db.SchemaMigrator;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link RealDatabase}.
 *
 * <ul>
 *   <li>Server: ONE per test JVM, started lazily by the first class that needs it and stopped when the test
 *       run ends (it lives in the root extension store). By default an embedded MariaDB 11.4; when {@code
 *       TEST_JDBC_URL} is set (with {@code TEST_JDBC_USER}, {@code TEST_JDBC_PASSWORD}) that server instead,
 *       so the same suite runs against a real MySQL 8. The user needs CREATE/DROP DATABASE.
 *   <li>Per test class: a fresh database {@code t_<class>_<random>}, migrated with the product's {@link
 *       SchemaMigrator}, and a pool from the product's {@link DataSourceFactory}; after the class the pool is
 *       closed and the database dropped.
 *   <li>Injects {@link TestDatabase} into constructors, lifecycle and test methods.
 * </ul>
 */
public final class TestDatabaseExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestDatabaseExtension.class);
  private static final String SERVER_KEY = "server";
  private static final String DATABASE_KEY = "database";

  @Override
  public void beforeAll(ExtensionContext context) {
    database(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return database(context);
  }

  /**
   * The class's database, created on first request (constructor injection can come before beforeAll). Public so
   * other extensions can build on the same database.
   */
  public static TestDatabase database(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            DATABASE_KEY, key -> createDatabase(classContext), ClassDatabase.class)
        .database();
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static ClassDatabase createDatabase(ExtensionContext classContext) {
    TestServer server =
        classContext
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(SERVER_KEY, key -> startServer(), TestServer.class);
    String schema = schemaName(classContext.getRequiredTestClass());
    server.createDatabase(schema);
    HikariDataSource pool = null;
    try {
      DatabaseSettings settings = new DatabaseSettings(server.jdbcUrl(schema), server.user(), server.password());
      pool =
          DataSourceFactory.create(
              settings, PoolOptions.lambdaDefaults().withPoolName("test-" + schema).withMaximumPoolSize(4));
      RealDatabase annotation = classContext.getRequiredTestClass().getAnnotation(RealDatabase.class);
      if (annotation == null || annotation.migrated()) {
        new SchemaMigrator(pool).migrate();
      }
      TestDatabase database =
          new TestDatabase(pool, settings.jdbcUrl(), settings.user(), settings.password(), schema, server.kind());
      return new ClassDatabase(server, database);
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      server.dropDatabase(schema);
      throw e;
    }
  }

  private static TestServer startServer() {
    TestServer server = TestServer.fromEnvironment();
    System.err.println("[real-database] tests use " + server.kind());
    return server;
  }

  static String schemaName(Class<?> testClass) {
    String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (simple.length() > 40) {
      simple = simple.substring(0, 40);
    }
    return "t_" + simple + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  /** Closed by JUnit after the class: closes the pool, drops the database. */
  private record ClassDatabase(TestServer server, TestDatabase database) implements AutoCloseable {
    @Override
    public void close() {
      try {
        database.close();
      } finally {
        server.dropDatabase(database.schema());
      }
    }
  }
}
