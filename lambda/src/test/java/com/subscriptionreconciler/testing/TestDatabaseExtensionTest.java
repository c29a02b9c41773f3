package com.subscriptionreconciler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@RealDatabase
class TestDatabaseExtensionTest {

  private final TestDatabase injectedIntoConstructor;

  TestDatabaseExtensionTest(TestDatabase db) {
    this.injectedIntoConstructor = db;
  }

  @Test
  void givesTheClassItsOwnEmptyMigratedSchema(TestDatabase db) {
    assertThat(db).isSameAs(injectedIntoConstructor);
    assertThat(db.schema()).matches("t_testdatabaseextensiontest_[0-9a-f]{8}");
    assertThat(db.queryValue("SELECT DATABASE()")).isEqualTo(db.schema());
    assertThat(db.jdbcUrl()).startsWith("jdbc:mysql://").contains("/" + db.schema());
    for (String table : TestDatabase.TABLES) {
      assertThat(db.count(table)).as(table).isZero();
    }
    assertThat(((Number) db.queryValue("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")).intValue())
        .as("V1 billing tables, V2 reconciliation tables, V3 stripe_account")
        .isEqualTo(3);
  }

  @Test
  void helpersReadAndWrite(TestDatabase db) {
    db.truncateAll();
    assertThat(db.execute("INSERT INTO organizations (name) VALUES (?), (?)", "a", "b")).isEqualTo(2);
    assertThat(db.count("organizations")).isEqualTo(2);
    assertThat(db.query("SELECT name FROM organizations ORDER BY name"))
        .extracting(row -> row.get("name"))
        .containsExactly("a", "b");
    db.truncateAll();
    assertThat(db.count("organizations")).isZero();
  }

  @Test
  void schemaNamesAreUniqueAndShortEnoughForMysql() {
    String first = TestDatabaseExtension.schemaName(TestDatabaseExtensionTest.class);
    String second = TestDatabaseExtension.schemaName(TestDatabaseExtensionTest.class);
    assertThat(first).isNotEqualTo(second);
    class AVeryLongTestClassNameThatGoesOnAndOnAndOnWellBeyondSixtyFourCharactersInTotal {}
    assertThat(
            TestDatabaseExtension.schemaName(
                AVeryLongTestClassNameThatGoesOnAndOnAndOnWellBeyondSixtyFourCharactersInTotal.class))
        .hasSizeLessThanOrEqualTo(64);
  }
}
