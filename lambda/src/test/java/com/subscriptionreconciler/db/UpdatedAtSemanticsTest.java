package com.subscriptionreconciler.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.LocalDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "In sync means untouched" (docs/reference.md, How it decides) leans on the server: an UPDATE that sets columns to
 * the values they already hold does not change the row, so ON UPDATE CURRENT_TIMESTAMP(3) does not fire. Each test
 * first pins updated_at to a known old value so a moved timestamp is always visible (no sleeping for the clock).
 */
@RealDatabase
class UpdatedAtSemanticsTest {

  private static final LocalDateTime PINNED = LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6_000_000);

  private long orgId;
  private long subId;

  @BeforeEach
  void seed(TestDatabase db) {
    db.truncateAll();
    db.execute("INSERT INTO organizations (name, stripe_customer_id, plan_tier) VALUES ('acme', 'cus_A', 'pro')");
    orgId = ((Number) db.queryValue("SELECT id FROM organizations")).longValue();
    db.execute(
        "INSERT INTO subscriptions (organization_id, stripe_subscription_id, status, quantity, metadata)"
            + " VALUES (?, 'sub_A', 'active', 3, '{\"k\":\"v\"}')",
        orgId);
    subId = ((Number) db.queryValue("SELECT id FROM subscriptions")).longValue();
    db.execute("UPDATE organizations SET updated_at = ?", PINNED);
    db.execute("UPDATE subscriptions SET updated_at = ?", PINNED);
    assertThat(updatedAt(db, "organizations", orgId)).isEqualTo(PINNED);
  }

  @Test
  void updateToTheSameValuesLeavesUpdatedAtAlone(TestDatabase db) {
    db.execute("UPDATE organizations SET plan_tier = 'pro', stripe_customer_id = 'cus_A' WHERE id = ?", orgId);
    db.execute(
        "UPDATE subscriptions SET status = 'active', quantity = 3, stripe_subscription_id = 'sub_A' WHERE id = ?",
        subId);

    assertThat(updatedAt(db, "organizations", orgId)).isEqualTo(PINNED);
    assertThat(updatedAt(db, "subscriptions", subId)).isEqualTo(PINNED);
  }

  @Test
  void aRealChangeMovesUpdatedAtToNowUtc(TestDatabase db) {
    db.execute("UPDATE subscriptions SET status = 'canceled' WHERE id = ?", subId);

    LocalDateTime moved = updatedAt(db, "subscriptions", subId);
    assertThat(moved).isAfter(PINNED);
    LocalDateTime utcNow = (LocalDateTime) db.queryValue("SELECT CAST(UTC_TIMESTAMP(3) AS DATETIME(3))");
    assertThat(moved).isBetween(utcNow.minusMinutes(1), utcNow);
    assertThat(updatedAt(db, "organizations", orgId)).isEqualTo(PINNED);
  }

  @Test
  void settingUpdatedAtToItselfKeepsItWhileOtherColumnsChange(TestDatabase db) {
    // how the engine can stamp last_reconciled_at without claiming the row's data changed
    db.execute(
        "UPDATE organizations SET last_reconciled_at = UTC_TIMESTAMP(3), updated_at = updated_at WHERE id = ?",
        orgId);

    assertThat(db.queryValue("SELECT last_reconciled_at FROM organizations WHERE id = ?", orgId)).isNotNull();
    assertThat(updatedAt(db, "organizations", orgId)).isEqualTo(PINNED);
  }

  @Test
  void updateCountIsMatchedRowsSoVersionChecksBelongInTheWhereClause(TestDatabase db) {
    // Connector/J reports *matched* rows by default (CLIENT_FOUND_ROWS); version checks must use the WHERE
    // clause (… AND version = ?), not the update count, to detect a lost race.
    int matched = db.execute("UPDATE organizations SET plan_tier = 'pro' WHERE id = ?", orgId);
    assertThat(matched).isEqualTo(1);
    int missed = db.execute("UPDATE subscriptions SET status = 'x' WHERE id = ? AND version = 99", subId);
    assertThat(missed).isZero();
    assertThat(updatedAt(db, "subscriptions", subId)).isEqualTo(PINNED);
  }

  private static LocalDateTime updatedAt(TestDatabase db, String table, long id) {
    return (LocalDateTime) db.queryValue("SELECT updated_at FROM " + table + " WHERE id = ?", id);
  }
}
