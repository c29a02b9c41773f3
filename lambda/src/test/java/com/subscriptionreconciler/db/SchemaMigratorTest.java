package com.subscriptionreconciler.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@RealDatabase
class SchemaMigratorTest {

  @Test
  void harnessDatabaseIsFullyMigratedAndASecondMigrateIsANoOp(TestDatabase db) {
    SchemaMigrator migrator = new SchemaMigrator(db.dataSource());

    SchemaMigrator.Result again = migrator.migrate();

    assertThat(again.appliedCount()).isZero();
    assertThat(again.applied()).isEmpty();
    assertThat(migrator.pending()).isEmpty();
    assertThat(migrator.currentVersion()).isEqualTo("3");
  }

  @Test
  void migratesAnEmptyDatabaseFromScratch(TestDatabase db) {
    // a second, empty schema on the same server
    String schema = "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    db.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4");
    String url = db.jdbcUrl().replace("/" + db.schema(), "/" + schema);
    try (HikariDataSource pool =
        DataSourceFactory.create(
            new com.subscriptionreconciler.config.DatabaseSettings(url, db.user(), db.password()))) {
      SchemaMigrator migrator = new SchemaMigrator(pool);
      assertThat(migrator.currentVersion()).isNull();
      assertThat(migrator.pending()).containsExactly("1 billing tables", "2 reconciliation tables", "3 stripe account column");

      SchemaMigrator.Result first = migrator.migrate();

      assertThat(first.fromVersion()).isNull();
      assertThat(first.toVersion()).isEqualTo("3");
      assertThat(first.applied()).containsExactly("1 billing tables", "2 reconciliation tables", "3 stripe account column");
      assertThat(migrator.currentVersion()).isEqualTo("3");

      SchemaMigrator.Result second = migrator.migrate();
      assertThat(second.appliedCount()).isZero();

      List<Map<String, Object>> tables =
          db.query(
              "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
              schema);
      assertThat(tables)
          .extracting(row -> String.valueOf(row.get("t")))
          .containsExactly(
              "flyway_schema_history",
              "organizations",
              "reconciliation_changes",
              "reconciliation_checkpoints",
              "reconciliation_runs",
              "subscriptions");
    } finally {
      db.execute("DROP DATABASE `" + schema + "`");
    }
  }

  @Test
  void migratesWhileTheRunLockHoldsOneOfTheDefaultPoolsTwoConnections(TestDatabase db) throws Exception {
    String schema = "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    db.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4");
    String url = db.jdbcUrl().replace("/" + db.schema(), "/" + schema);
    try (HikariDataSource pool =
            DataSourceFactory.create(
                new com.subscriptionreconciler.config.DatabaseSettings(url, db.user(), db.password()));
        RunLock lock = ((RunLock.LockAttempt.Acquired) RunLock.tryAcquire(pool)).lock()) {
      assertThat(pool.getMaximumPoolSize()).isEqualTo(2);

      assertThat(new SchemaMigrator(pool).migrate().appliedCount()).isEqualTo(3);
      assertThat(lock.isHeld()).isTrue();
    } finally {
      db.execute("DROP DATABASE `" + schema + "`");
    }
  }
}
